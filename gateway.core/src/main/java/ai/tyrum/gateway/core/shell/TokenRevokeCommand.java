package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.token.TokenInfo;
import ai.tyrum.gateway.core.token.Tokens;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code token:revoke ID}: the token stops working at once; it stays listed as revoked. */
@Component(service = Function.class)
@Command(scope = "token", function = "revoke")
public final class TokenRevokeCommand extends ShellCommand {

  private final Tokens tokens;

  @Activate
  public TokenRevokeCommand(@Reference Tokens tokens) {
    this.tokens = tokens;
  }

  @Descriptor("revokes a bearer token; it stays listed as revoked")
  public String revoke(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json,
      @Descriptor("the token id, as token:list shows it") String id) {
    TokenInfo revoked = tokens.revoke(id, Tokens.CONSOLE);
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>(revoked.toJson(tokens.now()));
      tokens.adminWarning().ifPresent(warning -> out.put("warning", warning));
      return Json.PRETTY.writeValueAsString(out);
    }
    return "token " + id + " revoked" + tokens.adminWarning().map(warning -> "\nwarning: " + warning).orElse("");
  }
}
