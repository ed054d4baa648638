package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.secret.SecretInfo;
import ai.tyrum.gateway.core.secret.SecretStore;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code secret:set SCOPE NAME [VALUE]}: stores a secret. Without VALUE it is typed without echo at the
 * console, or read from the next line of a pipe, and so stays out of the console's history.
 */
@Component(service = Function.class)
@Command(scope = "secret", function = "set")
public final class SecretSetCommand extends ShellCommand {

  private final SecretStore secrets;

  @Activate
  public SecretSetCommand(@Reference SecretStore secrets) {
    this.secrets = secrets;
  }

  @Descriptor("stores a secret for the plugins granted secrets.read on its scope; without VALUE it is read"
      + " without echo at the console, or from the next line of a pipe")
  public String set(
      CommandSession session,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the scope, as a plugin's secrets.read permission names it") String scope,
      @Descriptor("the secret's name within the scope") String name,
      @Descriptor("the value; better left out, so that it is not kept in the console's history") String... value) {
    if (value.length > 1) {
      throw usageError("the value is one argument: quote it, or leave it out to be asked for it");
    }
    String secret = value.length == 1 ? value[0] : SecretInput.read(session, "value of " + scope + "/" + name + ": ");
    SecretInfo info = secrets.set(scope, name, secret, SecretStore.CONSOLE);
    return json ? Json.PRETTY.writeValueAsString(info.toJson()) : "secret " + scope + "/" + name + " set";
  }
}
