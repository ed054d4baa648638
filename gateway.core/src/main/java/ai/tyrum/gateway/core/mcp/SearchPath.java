package ai.tyrum.gateway.core.mcp;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a stdio server's {@code command} is looked up, in order: the folders of property
 * {@value #PROPERTY} (colon-separated), {@code <tyrum.home>/mcp/node_modules/.bin} (the servers the
 * distribution installs), then the gateway's own {@code PATH}. The same folders are the server's
 * {@code PATH}, so that what it runs in turn is found the same way.
 *
 * @param dirs the folders, in order, each once
 */
record SearchPath(List<Path> dirs) {

  /** The framework (or system) property naming folders searched first. */
  static final String PROPERTY = "tyrum.mcp.path";

  SearchPath {
    dirs = List.copyOf(dirs);
  }

  /**
   * The search path from the values of {@value #PROPERTY}, {@code tyrum.home} and {@code PATH}, each of
   * which may be empty.
   */
  static SearchPath of(Optional<String> property, Optional<String> home, Optional<String> path) {
    List<Path> dirs = new ArrayList<>();
    property.ifPresent(p -> split(p, dirs));
    home.filter(h -> !h.isBlank()).ifPresent(h -> add(Path.of(h, "mcp", "node_modules", ".bin"), dirs));
    path.ifPresent(p -> split(p, dirs));
    return new SearchPath(dirs);
  }

  private static void split(String value, List<Path> dirs) {
    for (String dir : value.split(File.pathSeparator)) {
      if (!dir.isBlank()) {
        add(Path.of(dir.strip()), dirs);
      }
    }
  }

  private static void add(Path dir, List<Path> dirs) {
    // a relative folder would depend on the gateway's working directory, which a server does not share
    Path absolute = dir.toAbsolutePath().normalize();
    if (!dirs.contains(absolute)) {
      dirs.add(absolute);
    }
  }

  /**
   * The program {@code command} names: itself when it holds a slash (it must then be absolute), else the
   * first executable file of that name in {@link #dirs}.
   *
   * @throws McpStartException {@code command_not_found}, naming the folders searched
   */
  Path resolve(String command) {
    if (command.contains("/")) {
      Path path = Path.of(command);
      if (!path.isAbsolute()) {
        throw new McpStartException("command_not_found", "command \"" + command
            + "\" is a relative path; give a name looked up on the MCP search path or an absolute path");
      }
      if (Files.isRegularFile(path) && Files.isExecutable(path)) {
        return path;
      }
      throw new McpStartException("command_not_found", "command " + command + " is not an executable file");
    }
    for (Path dir : dirs) {
      Path candidate = dir.resolve(command);
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new McpStartException("command_not_found", "command \"" + command + "\" is in none of " + text()
        + "; install it there, or add its folder to the framework property " + PROPERTY);
  }

  /** The folders as a {@code PATH} value. */
  String text() {
    return String.join(File.pathSeparator, dirs.stream().map(Path::toString).toList());
  }

  /**
   * The whole environment of a server: exactly {@code env} (its secret references already resolved) and
   * {@code PATH}; nothing of the gateway's own environment.
   */
  Map<String, String> environment(Map<String, String> env) {
    Map<String, String> all = new LinkedHashMap<>(env);
    all.put("PATH", text());
    return all;
  }
}
