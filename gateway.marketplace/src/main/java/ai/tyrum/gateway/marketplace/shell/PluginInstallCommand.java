package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import ai.tyrum.gateway.spi.InstallRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code plugin:install ID[@VERSION] | FILE.jar [--grant PERM]... [--sha256 HEX] [--approval ID]}: installs
 * through the verified pipeline, from a trusted catalog or (if policy allows) a local jar.
 */
@Component(service = Function.class)
@Command(scope = "plugin", function = "install")
public final class PluginInstallCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginInstallCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("installs a plugin from a trusted catalog (ID or ID@VERSION) or a local jar, after every check; requested permissions must be granted")
  public String install(
      @Descriptor("grants a permission the plugin requests, written class:target (repeat for each)") @Parameter(names = "--grant", absentValue = "") String[] grants,
      @Descriptor("the local jar's expected SHA-256 (hex); refused when it differs") @Parameter(names = "--sha256", absentValue = "") String sha256,
      @Descriptor("an approval granted for exactly this install") @Parameter(names = "--approval", absentValue = "") String approval,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("a catalog plugin id, id@version, or the path of a .jar") String plugin) {
    InstallRequest request = request(plugin, List.of(grants), sha256);
    if (!approval.isEmpty()) {
      request = request.withApproval(approval);
    }
    return Outcomes.print(pipeline.install(request), json);
  }

  static InstallRequest request(String plugin, List<String> grants, String sha256) {
    if (plugin.endsWith(".jar") || plugin.contains("/")) {
      return InstallRequest.file(Path.of(plugin), sha256.isEmpty() ? Optional.empty() : Optional.of(sha256), grants, "console");
    }
    int at = plugin.indexOf('@');
    String id = at < 0 ? plugin : plugin.substring(0, at);
    Optional<String> version = at < 0 ? Optional.empty() : Optional.of(plugin.substring(at + 1));
    return InstallRequest.catalog(id, version, grants, "console");
  }
}
