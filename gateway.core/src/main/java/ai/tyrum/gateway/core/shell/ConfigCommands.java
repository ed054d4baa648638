package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.config.ConfigService;
import ai.tyrum.gateway.core.config.ConfigChange;
import ai.tyrum.gateway.core.config.ConfigException;

import ai.tyrum.gateway.lib.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code plugin:config ID get|set|unset|import|schema}: a plugin's config, validated at every write and
 * shown with its sensitive values masked.
 */
@Component(
    service = ConfigCommands.class,
    property = {"osgi.command.scope=plugin", "osgi.command.function=config"})
public final class ConfigCommands {

  static final long MAX_FILE = 1024 * 1024;
  private static final String USAGE =
      "usage: plugin:config ID get | set PATH VALUE | unset PATH | import FILE | schema"
          + " (PATH: /greeting or greeting; VALUE: JSON, or else taken as a string)";

  @Reference ConfigService configs;

  @Descriptor("shows how to use plugin:config")
  public String config(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help plugin:config");
    return null;
  }

  @Descriptor("shows or changes a plugin's config: get | set PATH VALUE | unset PATH | import FILE | schema")
  public String config(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("plugin id") String id,
      @Descriptor("get, set, unset, import or schema") String action,
      @Descriptor("the action's arguments") String... args) throws Exception {
    if (help) {
      session.execute("help plugin:config");
      return null;
    }
    List<String> rest = new ArrayList<>(List.of(args));
    rest.remove("--json"); // every answer here is JSON already
    try {
      return switch (action) {
        case "get" -> expect(rest, 0) + ShellJson.write(configs.get(id));
        case "schema" -> expect(rest, 0) + ShellJson.write(configs.schema(id));
        case "set" -> expect(rest, 2) + changed(configs.set(id, rest.get(0), value(rest.get(1)), "shell"));
        case "unset" -> expect(rest, 1) + changed(configs.unset(id, rest.get(0), "shell"));
        case "import" -> expect(rest, 1) + changed(configs.replace(id, read(rest.get(0)), rest.get(0), "shell"));
        default -> throw new IllegalArgumentException("unknown_action: " + action + "\n" + USAGE);
      };
    } catch (ConfigException e) {
      StringBuilder out = new StringBuilder(e.code()).append(": ").append(e.getMessage());
      e.details().forEach(d -> out.append("\n  ").append(d));
      if (e.code().equals("invalid_config")) {
        out.append("\nfix the values above and write again; plugin:config ").append(id).append(" schema shows what is allowed");
      }
      throw new IllegalArgumentException(out.toString());
    }
  }

  private static String expect(List<String> args, int count) {
    if (args.size() != count) {
      throw new IllegalArgumentException("invalid_arguments: expected " + count + " argument(s), got " + args.size() + "\n" + USAGE);
    }
    return "";
  }

  /** VALUE as JSON ({@code 42}, {@code true}, {@code "x"}, {@code [1]}); anything else is a string. */
  static JsonNode value(String text) {
    try {
      JsonNode node = Json.MAPPER.readTree(text);
      return node == null || node.isMissingNode() ? JsonNodeFactory.instance.stringNode(text) : node;
    } catch (JacksonException notJson) {
      return JsonNodeFactory.instance.stringNode(text);
    }
  }

  private static byte[] read(String file) {
    Path path = Path.of(file);
    try {
      if (!Files.isRegularFile(path)) {
        throw new IllegalArgumentException("no_such_file: " + file + " is not a file");
      }
      if (Files.size(path) > MAX_FILE) {
        throw new IllegalArgumentException("file_too_large: " + file + " is larger than " + MAX_FILE + " bytes");
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new IllegalArgumentException("no_such_file: cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String changed(ConfigChange change) {
    return "config of " + change.pluginId() + " updated"
        + (change.changed().isEmpty() ? " (no value changed)" : ": " + String.join(", ", change.changed()))
        + "\n" + ShellJson.write(change.config()) + "\n";
  }
}
