package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:uninstall ID [--purge]}: stops and uninstalls a plugin; its tools, commands and routes go away at once. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "uninstall")
public final class PluginUninstallCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginUninstallCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("stops and uninstalls a plugin and removes it from the lockfile; its tools, commands and routes go away at once")
  public String uninstall(
      @Descriptor("also delete its verified jar from the store") @Parameter(names = "--purge", presentValue = "true", absentValue = "false") boolean purge,
      @Descriptor("the plugin id") String id) {
    Map<String, Object> outcome = pipeline.uninstall(id, purge, "console");
    return "uninstalled " + id + (purge ? " (its stored jar is deleted)" : "")
        + (Boolean.FALSE.equals(outcome.get("refreshed")) ? "; the framework is still releasing its old classes" : "");
  }
}
