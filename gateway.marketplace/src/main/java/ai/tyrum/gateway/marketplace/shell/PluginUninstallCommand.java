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

/**
 * {@code plugin:uninstall ID [--purge]}: stops and uninstalls a plugin; its tools, commands and routes go
 * away at once. Its data (private store, files) is kept for a reinstall unless {@code --purge} says otherwise.
 */
@Component(service = Function.class)
@Command(scope = "plugin", function = "uninstall")
public final class PluginUninstallCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginUninstallCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("stops and uninstalls a plugin and removes it from the lockfile; its tools, commands and routes go away at once;"
      + " its data (private store and files) is kept for a reinstall unless --purge")
  public String uninstall(
      @Descriptor("also delete its verified jar from the store and its data (plugin-data/ID: private store and files)") @Parameter(names = "--purge", presentValue = "true", absentValue = "false") boolean purge,
      @Descriptor("the plugin id") String id) {
    Map<String, Object> outcome = pipeline.uninstall(id, purge, "console");
    return "uninstalled " + id + (purge ? purged(id, outcome) : "; its data is kept under plugin-data/" + id + " (--purge deletes it)")
        + (Boolean.FALSE.equals(outcome.get("refreshed")) ? "; the framework is still releasing its old classes" : "");
  }

  private static String purged(String id, Map<String, Object> outcome) {
    Object failure = outcome.get("purge_failure");
    if (failure != null) {
      return " (its stored jar is deleted; its data under plugin-data/" + id + " could not be: " + failure
          + "; delete that folder by hand)";
    }
    return Boolean.TRUE.equals(outcome.get("data_deleted"))
        ? " (its stored jar and its data are deleted)"
        : " (its stored jar is deleted; it kept no data)";
  }
}
