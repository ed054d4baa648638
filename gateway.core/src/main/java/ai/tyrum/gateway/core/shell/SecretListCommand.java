package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.secret.SecretInfo;
import ai.tyrum.gateway.core.secret.SecretStore;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.lib.shell.Timestamps;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code secret:list [--json]}: every secret's scope and name, and who set it when; never a value. */
@Component(service = Function.class)
@Command(scope = "secret", function = "list")
public final class SecretListCommand extends ShellCommand {

  private final SecretStore secrets;

  @Activate
  public SecretListCommand(@Reference SecretStore secrets) {
    this.secrets = secrets;
  }

  @Descriptor("lists the secrets: scope, name, when and by whom each was set; never a value")
  public String list(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("secrets", secrets.list().stream().map(SecretInfo::toJson).toList()));
    }
    ShellTable table = new ShellTable("SCOPE", "NAME", "SET AT", "SET BY");
    for (SecretInfo secret : secrets.list()) {
      table.row(secret.scope(), secret.name(), Timestamps.seconds(secret.setAt()), secret.setBy());
    }
    return table.toString();
  }
}
