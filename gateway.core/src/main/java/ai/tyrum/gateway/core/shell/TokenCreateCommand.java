package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.token.Durations;
import ai.tyrum.gateway.core.token.TokenInfo;
import ai.tyrum.gateway.core.token.TokenRequest;
import ai.tyrum.gateway.core.token.Tokens;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.Timestamps;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code token:create --scope S [--scope S]... [--agent A] [--expires DURATION] [--name N]}: mints a
 * bearer token and prints it, the only time it is shown.
 */
@Component(service = Function.class)
@Command(scope = "token", function = "create")
public final class TokenCreateCommand extends ShellCommand {

  private final Tokens tokens;

  @Activate
  public TokenCreateCommand(@Reference Tokens tokens) {
    this.tokens = tokens;
  }

  @Descriptor("creates a bearer token for the HTTP API and prints it once")
  public String create(
      @Descriptor("a scope: operator.read, operator.write, operator.admin, tools.invoke or admin (repeat for more)")
          @Parameter(names = "--scope", absentValue = "") String[] scopes,
      @Descriptor("the one agent the token acts as") @Parameter(names = "--agent", absentValue = "") String agent,
      @Descriptor("how long it lives, such as 30m, 12h, 7d or P7D") @Parameter(names = "--expires", absentValue = "") String expires,
      @Descriptor("a name, unique among active tokens") @Parameter(names = "--name", absentValue = "") String name,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    if (scopes.length == 0) {
      throw usageError("missing --scope: a token needs at least one");
    }
    TokenRequest request = new TokenRequest(
        List.of(scopes),
        present(agent),
        present(expires).map(text -> Durations.parse(text, "--expires")),
        present(name));
    Tokens.Issued issued = tokens.create(request, Tokens.CONSOLE);
    TokenInfo info = issued.info();
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("token", issued.token());
      out.putAll(info.toJson(tokens.now()));
      return Json.PRETTY.writeValueAsString(out);
    }
    return "token " + info.id() + " created"
        + info.agent().map(a -> " for agent " + a).orElse("")
        + info.expiresAt().map(at -> ", expires " + Timestamps.seconds(at)).orElse("")
        + "\n  " + issued.token()
        + "\n  it is shown only now: store it where its holder can read it";
  }

  private static Optional<String> present(String option) {
    return option.isEmpty() ? Optional.empty() : Optional.of(option);
  }
}
