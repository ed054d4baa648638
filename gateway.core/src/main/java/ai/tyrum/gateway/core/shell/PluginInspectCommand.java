package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.extender.PluginInspection;
import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code plugin:inspect ID|JAR}: a plugin's manifest as its author declared it, of an installed plugin or
 * of a jar file, which is read and checked without being installed. A refused manifest is an answer here,
 * not a failure: it prints why.
 */
@Component(service = Function.class)
@Command(scope = "plugin", function = "inspect")
public final class PluginInspectCommand extends ShellCommand {

  static final long MAX_JAR = 64L * 1024 * 1024;

  private final Plugins registry;
  private final PluginInspection inspection;

  @Activate
  public PluginInspectCommand(@Reference Plugins registry, @Reference PluginInspection inspection) {
    this.registry = registry;
    this.inspection = inspection;
  }

  @Descriptor("prints a plugin's manifest as its author declared it, for an installed plugin or a jar file, without starting it")
  public String inspect(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("an installed plugin's id, or the path of a plugin jar") String target) throws IOException {
    Path file = Path.of(target);
    PluginManifest manifest;
    if (target.endsWith(".jar") || Files.isRegularFile(file)) {
      try {
        manifest = inspection.validate(read(target, file)).manifest();
      } catch (ManifestException e) {
        return refused(json, e.reason(), e.details());
      }
    } else {
      PluginRecord plugin = registry.plugin(target).orElseThrow(() -> PluginInfoCommand.unknownPlugin(target));
      if (plugin.manifest().isEmpty()) {
        return refused(json, plugin.reason(), plugin.details());
      }
      manifest = plugin.manifest().get();
    }
    return json ? Json.PRETTY.writeValueAsString(manifest.toJson()) : ManifestText.describe(manifest);
  }

  private static byte[] read(String target, Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new CommandError("no_such_file", target + " is not a file", List.of());
    }
    if (Files.size(file) > MAX_JAR) {
      throw new CommandError("invalid_jar", target + " is larger than " + MAX_JAR + " bytes", List.of());
    }
    return Files.readAllBytes(file);
  }

  private static String refused(boolean json, String reason, List<String> details) {
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("error", Map.of("code", reason, "details", details)));
    }
    return "refused: " + reason + "\n  " + String.join("\n  ", details) + "\n";
  }
}
