package ai.tyrum.gateway.marketplace.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.marketplace.install.Pipeline;
import java.util.List;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code plugin:revoke ID PERM...}: withdraws granted permissions; the plugin stops until it holds them again. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "revoke")
public final class PluginRevokeCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginRevokeCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("withdraws permissions granted to a plugin; it stops and waits until it holds them again")
  public String revoke(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the plugin id") String id,
      @Descriptor("the permissions, such as db:plugin") String... permissions) {
    if (permissions.length == 0) {
      throw usageError("missing PERMISSIONS");
    }
    return Outcomes.print(pipeline.revoke(id, List.of(permissions), "console"), json);
  }
}
