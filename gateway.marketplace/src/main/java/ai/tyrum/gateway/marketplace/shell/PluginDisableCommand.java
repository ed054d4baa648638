package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:disable ID}: stops a plugin and keeps it stopped across restarts. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "disable")
public final class PluginDisableCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginDisableCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("stops a plugin and keeps it stopped across restarts")
  public String disable(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the plugin id") String id) {
    return Outcomes.print(pipeline.disable(id, "console"), json);
  }
}
