package ai.tyrum.gateway.webconsole;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The console's files, found by the path inside {@code /ui}: {@code /} is the page, and a name of
 * lowercase letters, digits and '-' with an extension the console ships (at most one folder deep) is a
 * file of the bundle's {@code webconsole/} folder. Any other path names nothing, so no request can
 * reach another resource of the bundle or climb out of the folder.
 */
final class StaticFiles {

  static final String FOLDER = "webconsole/";

  private static final Pattern NAME = Pattern.compile("/(?:[a-z0-9-]+/)?[a-z0-9-]+\\.(html|css|js|svg)");

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html;charset=utf-8",
      "css", "text/css;charset=utf-8",
      "js", "text/javascript;charset=utf-8",
      "svg", "image/svg+xml");

  /** A file to serve. */
  record StaticFile(String contentType, byte[] bytes) {}

  private final Function<String, Optional<byte[]>> resources;

  /** @param resources the bytes of a resource of the bundle, by its name ({@code webconsole/app.js}) */
  StaticFiles(Function<String, Optional<byte[]>> resources) {
    this.resources = resources;
  }

  /** The file at {@code path} (the path inside the context, starting with '/'), if the console has one. */
  Optional<StaticFile> find(String path) {
    String name = path.equals("/") ? "/index.html" : path;
    var matcher = NAME.matcher(name);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    String type = TYPES.get(matcher.group(1));
    return resources.apply(FOLDER + name.substring(1)).map(bytes -> new StaticFile(type, bytes));
  }
}
