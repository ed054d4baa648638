package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.Durations;
import ai.tyrum.gateway.core.token.Token;
import ai.tyrum.gateway.core.token.TokenInfo;
import ai.tyrum.gateway.core.token.TokenRequest;
import ai.tyrum.gateway.core.token.Tokens;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Bearer tokens (DESIGN §7): {@code GET /tokens} lists them without the token, {@code POST /tokens}
 * creates one and answers the token, the only time it is shown, and {@code DELETE /tokens/{id}}
 * revokes one. All need {@code operator.admin}; only an {@code admin} token creates another {@code admin}
 * token, and a token bound to an agent creates only tokens bound to the same agent.
 */
@Component(service = ApiResource.class)
public final class TokensResource implements ApiResource {

  /** What {@code POST /tokens} takes. */
  private static final Set<String> FIELDS = Set.of("scopes", "agent", "expires", "name");

  @Reference Tokens tokens;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/tokens", Access.OPERATOR_ADMIN, this::list),
        Route.post("/tokens", Access.OPERATOR_ADMIN, this::create),
        Route.delete("/tokens/{id}", Access.OPERATOR_ADMIN, this::revoke));
  }

  private Reply list(Call call) {
    Instant now = tokens.now();
    // a token bound to an agent sees that agent's tokens only, as it acts for that agent only
    Optional<String> bound = Agents.bound(call);
    return Reply.ok(Map.of("tokens", tokens.list().stream()
        .filter(token -> bound.isEmpty() || token.agent().equals(bound))
        .map(token -> token.toJson(now))
        .toList()));
  }

  private Reply create(Call call) throws IOException {
    RequestBody body = call.body(FIELDS);
    if (!body.has("scopes")) {
      throw new ApiError(400, "invalid_scope", "the body needs /scopes, an array of one or more scopes", List.of("/scopes"));
    }
    List<String> scopes = body.strings("scopes");
    Token caller = call.token().orElseThrow();
    for (int i = 0; i < scopes.size(); i++) {
      // operator.admin may hand out what it can already reach; admin reaches every plugin route's scope
      if (Token.ADMIN.equals(scopes.get(i)) && !caller.scopes().contains(Token.ADMIN)) {
        throw new ApiError(403, "forbidden_scope", "only a token with scope admin can create one with it",
            List.of("/scopes/" + i));
      }
    }
    // a token bound to an agent creates only tokens bound to that agent, or it could shed its binding
    Optional<String> agent = caller.agent().isPresent() ? Optional.of(Agents.of(call, body.string("agent"))) : body.string("agent");
    TokenRequest request = new TokenRequest(
        scopes,
        agent,
        body.string("expires").map(text -> Durations.parse(text, "/expires")),
        body.string("name"));
    Tokens.Issued issued = tokens.create(request, call.actor());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("token", issued.token());
    json.putAll(issued.info().toJson(tokens.now()));
    return Reply.json(201, json);
  }

  private Reply revoke(Call call) throws IOException {
    call.optionalBody(Set.of()); // takes no fields: one sent by mistake is refused, not ignored
    String id = call.param("id");
    if (Agents.bound(call).isPresent()) {
      tokens.list().stream().filter(token -> token.id().equals(id)).findFirst()
          .ifPresent(token -> Agents.requireOwn(call, token.agent(), "token " + id));
    }
    TokenInfo revoked = tokens.revoke(id, call.actor());
    Map<String, Object> json = new LinkedHashMap<>(revoked.toJson(tokens.now()));
    tokens.adminWarning().ifPresent(warning -> json.put("warning", warning));
    return Reply.ok(json);
  }
}
