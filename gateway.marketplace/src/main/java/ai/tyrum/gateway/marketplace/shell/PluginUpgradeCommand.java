package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import java.util.List;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:upgrade ID [VERSION]}: another catalog version, with the same checks; held when it asks for more. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "upgrade")
public final class PluginUpgradeCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginUpgradeCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("upgrades a plugin to another catalog version (the newest when none is named); one that asks for more permissions or changes a tool contract is held for approval while the old version serves")
  public String upgrade(
      @Descriptor("grants a new permission up front, written class:target (repeat for each)") @Parameter(names = "--grant", absentValue = "") String[] grants,
      @Descriptor("an approval granted for exactly this upgrade") @Parameter(names = "--approval", absentValue = "") String approval,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the plugin id") String id,
      @Descriptor("the version to install") String... version) {
    if (version.length > 1) {
      throw usageError("unexpected argument " + version[1]);
    }
    return Outcomes.print(pipeline.upgrade(id, version.length == 0 ? Optional.empty() : Optional.of(version[0]), List.of(grants),
        approval.isEmpty() ? Optional.empty() : Optional.of(approval), "console"), json);
  }
}
