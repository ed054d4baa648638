package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.config.ConfigChange;
import ai.tyrum.gateway.core.config.ConfigException;
import ai.tyrum.gateway.core.config.ConfigService;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * {@code plugin:config ID get|set|unset|import|schema}: a plugin's config, validated at every write and
 * shown with its sensitive values masked. Every answer is JSON.
 */
@Component(service = Function.class)
@Command(scope = "plugin", function = "config")
public final class PluginConfigCommand extends ShellCommand {

  static final long MAX_FILE = 1024 * 1024;

  private final ConfigService configs;

  @Activate
  public PluginConfigCommand(@Reference ConfigService configs) {
    this.configs = configs;
  }

  @Descriptor("shows or changes a plugin's config: get | set PATH VALUE | unset PATH | import FILE | schema"
      + " (PATH: /greeting or greeting; VALUE: JSON, or else taken as a string)")
  public String config(
      @Descriptor("accepted for symmetry with the other commands: every answer is JSON")
          @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the plugin id") String id,
      @Descriptor("get, set, unset, import or schema") String action,
      @Descriptor("the action's arguments") String... args) {
    List<String> rest = new ArrayList<>(List.of(args));
    try {
      return switch (action) {
        case "get" -> expect(rest, 0) + Json.PRETTY.writeValueAsString(configs.get(id));
        case "schema" -> expect(rest, 0) + Json.PRETTY.writeValueAsString(configs.schema(id));
        case "set" -> expect(rest, 2) + changed(configs.set(id, rest.get(0), value(rest.get(1)), "shell"));
        case "unset" -> expect(rest, 1) + changed(configs.unset(id, rest.get(0), "shell"));
        case "import" -> expect(rest, 1) + changed(configs.replace(id, read(rest.get(0)), rest.get(0), "shell"));
        default -> throw usageError("unknown action " + action + ": use get, set, unset, import or schema");
      };
    } catch (ConfigException e) {
      if (!e.code().equals("invalid_config")) {
        throw e;
      }
      List<String> details = new ArrayList<>(e.details());
      details.add("fix the values above and write again; plugin:config " + id + " schema shows what is allowed");
      throw new CommandError(e.code(), e.getMessage(), details);
    }
  }

  private String expect(List<String> args, int count) {
    if (args.size() != count) {
      throw usageError("expected " + count + " argument(s) after the action, got " + args.size());
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
        throw new CommandError("no_such_file", file + " is not a file", List.of());
      }
      if (Files.size(path) > MAX_FILE) {
        throw new CommandError("file_too_large", file + " is larger than " + MAX_FILE + " bytes", List.of());
      }
      return Files.readAllBytes(path);
    } catch (IOException e) {
      throw new CommandError("no_such_file", "cannot read " + file + ": " + e.getMessage(), List.of());
    }
  }

  private static String changed(ConfigChange change) {
    return "config of " + change.pluginId() + " updated"
        + (change.changed().isEmpty() ? " (no value changed)" : ": " + String.join(", ", change.changed()))
        + "\n" + Json.PRETTY.writeValueAsString(change.config()) + "\n";
  }
}
