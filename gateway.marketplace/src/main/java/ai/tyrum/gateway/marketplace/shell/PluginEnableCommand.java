package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:enable ID}: starts a disabled plugin and keeps it enabled across restarts. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "enable")
public final class PluginEnableCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginEnableCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("starts a disabled plugin and keeps it enabled across restarts")
  public String enable(
      @Descriptor("an approval granted for exactly this enable, when policy requires one") @Parameter(names = "--approval", absentValue = "") String approval,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the plugin id") String id) {
    return Outcomes.print(pipeline.enable(id, approval.isEmpty() ? Optional.empty() : Optional.of(approval), "console"), json);
  }
}
