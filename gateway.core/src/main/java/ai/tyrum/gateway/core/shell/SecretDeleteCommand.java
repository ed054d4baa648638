package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.secret.SecretInfo;
import ai.tyrum.gateway.core.secret.SecretStore;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code secret:delete SCOPE NAME}: removes a secret; a plugin's next read of it finds none. */
@Component(service = Function.class)
@Command(scope = "secret", function = "delete")
public final class SecretDeleteCommand extends ShellCommand {

  private final SecretStore secrets;

  @Activate
  public SecretDeleteCommand(@Reference SecretStore secrets) {
    this.secrets = secrets;
  }

  @Descriptor("removes a secret; plugins reading it find none from then on")
  public String delete(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the scope") String scope,
      @Descriptor("the secret's name within the scope") String name) {
    SecretInfo deleted = secrets.delete(scope, name, SecretStore.CONSOLE);
    return json ? Json.PRETTY.writeValueAsString(deleted.toJson()) : "secret " + scope + "/" + name + " deleted";
  }
}
