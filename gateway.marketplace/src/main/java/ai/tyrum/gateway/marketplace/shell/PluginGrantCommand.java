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

/** {@code plugin:grant ID PERM...}: grants requested permissions; a plugin whose grants are then complete loads. */
@Component(service = Function.class)
@Command(scope = "plugin", function = "grant")
public final class PluginGrantCommand extends ShellCommand {

  private final Pipeline pipeline;

  @Activate
  public PluginGrantCommand(@Reference Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Descriptor("grants permissions a plugin requests (class:target, as plugin:info lists them); a plugin waiting only for them loads")
  public String grant(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the plugin id") String id,
      @Descriptor("the permissions, such as db:plugin") String... permissions) {
    if (permissions.length == 0) {
      throw usageError("missing PERMISSIONS");
    }
    return Outcomes.print(pipeline.grant(id, List.of(permissions), "console"), json);
  }
}
