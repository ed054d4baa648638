package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.marketplace.install.Installer;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:uninstall ID}: stops and uninstalls a plugin; its tools, commands and routes go away at once. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "uninstall")
public final class PluginUninstallCommand extends ShellCommand {

  private final Installer installer;

  @Activate
  public PluginUninstallCommand(@Reference Installer installer) {
    this.installer = installer;
  }

  @Descriptor("stops and uninstalls a plugin; its tools, commands and routes go away at once")
  public String uninstall(@Descriptor("the plugin id") String id) {
    return installer.uninstall(id) ? "uninstalled " + id : "uninstalled " + id + " (refresh still running)";
  }
}
