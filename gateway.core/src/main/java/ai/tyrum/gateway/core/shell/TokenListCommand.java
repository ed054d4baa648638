package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.token.TokenInfo;
import ai.tyrum.gateway.core.token.Tokens;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.lib.shell.Timestamps;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code token:list [--json]}: every token with its state, never the token or its hash. */
@Component(service = Function.class)
@Command(scope = "token", function = "list")
public final class TokenListCommand extends ShellCommand {

  private final Tokens tokens;

  @Activate
  public TokenListCommand(@Reference Tokens tokens) {
    this.tokens = tokens;
  }

  @Descriptor("lists the bearer tokens: id, name, scopes, agent, created, expires and state")
  public String list(
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    Instant now = tokens.now();
    List<TokenInfo> all = tokens.list();
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("tokens", all.stream().map(token -> token.toJson(now)).toList()));
    }
    ShellTable table = new ShellTable("ID", "NAME", "SCOPES", "AGENT", "CREATED", "EXPIRES", "STATE");
    for (TokenInfo token : all) {
      table.row(token.id(), token.name().orElse("-"), String.join(",", token.scopes().stream().sorted().toList()),
          token.agent().orElse("-"), Timestamps.seconds(token.created()),
          token.expiresAt().map(Timestamps::seconds).orElse("never"), token.state(now).name());
    }
    return table.toString();
  }
}
