package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.marketplace.install.Installer;
import ai.tyrum.gateway.marketplace.install.Installer.Installed;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:install [--sha256 HEX] JAR}: installs and starts a plugin from a local jar through the verified pipeline. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "install")
public final class PluginInstallCommand extends ShellCommand {

  private final Installer installer;

  @Activate
  public PluginInstallCommand(@Reference Installer installer) {
    this.installer = installer;
  }

  @Descriptor("installs and starts a plugin from a local jar after verifying its hash and manifest")
  public String install(
      @Descriptor("the jar's expected SHA-256 (hex); refused when it differs") @Parameter(names = "--sha256", absentValue = "") String sha256,
      @Descriptor("the path of the plugin jar") String jar) {
    Installed plugin = installer.install(Path.of(jar), sha256.isEmpty() ? Optional.empty() : Optional.of(sha256));
    return plugin.startFailure()
        .map(why -> "installed " + plugin.id() + " " + plugin.version() + " but it did not start: " + why + "\n(see plugin:info " + plugin.id() + ")")
        .orElse("installed " + plugin.id() + " " + plugin.version() + " (bundle " + plugin.bundleId() + ", sha256 " + plugin.sha256() + ")");
  }
}
