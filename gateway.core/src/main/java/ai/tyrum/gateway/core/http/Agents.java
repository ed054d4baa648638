package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.Token;
import ai.tyrum.gateway.spi.AgentId;
import java.util.List;
import java.util.Optional;

/**
 * The agent a request acts for, the one rule every route that names an agent follows (DESIGN §7): a
 * token bound to an agent acts only as that agent, whatever the request names; an unbound token acts
 * as the agent the request names, else {@value AgentId#DEFAULT}.
 */
final class Agents {

  /** The code of a request that names an agent other than its token's. */
  static final String MISMATCH = "agent_mismatch";

  private Agents() {}

  /**
   * The agent {@code call} acts for when it names {@code requested} (a query parameter or body field
   * {@code agent}).
   *
   * @throws ApiError 400 {@code invalid_agent} when {@code requested} is not an agent id; 403
   *     {@code agent_mismatch} when the call's token is bound to another agent
   */
  static String of(Call call, Optional<String> requested) {
    Optional<String> named = requested.filter(agent -> !agent.isBlank());
    if (named.isPresent() && !AgentId.valid(named.get())) {
      throw new ApiError(400, "invalid_agent", AgentId.RULE, List.of("agent"));
    }
    Optional<String> bound = bound(call);
    if (bound.isEmpty()) {
      return named.orElse(AgentId.DEFAULT);
    }
    if (named.isPresent() && !named.get().equals(bound.get())) {
      throw new ApiError(403, MISMATCH,
          "this token acts only as agent " + bound.get() + ", and the request names agent " + named.get()
              + ": name " + bound.get() + " or no agent, or use a token of " + named.get(),
          List.of("agent: token bound to " + bound.get() + ", request names " + named.get()));
    }
    return bound.get();
  }

  /** The agent {@code call}'s token is bound to, if any. */
  static Optional<String> bound(Call call) {
    return call.token().flatMap(Token::agent);
  }

  /**
   * Refuses {@code call} when its token is bound to an agent other than {@code owner}, the agent a
   * thing it reaches belongs to (an approval of that agent's tool call); an empty {@code owner} is
   * the gateway's as a whole (an approval of a plugin operation), which a bound token never decides.
   *
   * @throws ApiError 403 {@code agent_mismatch}
   */
  static void requireOwn(Call call, Optional<String> owner, String what) {
    Optional<String> bound = bound(call);
    if (bound.isEmpty() || bound.equals(owner)) {
      return;
    }
    String belongsTo = owner.map(agent -> "agent " + agent).orElse("the gateway, not an agent");
    throw new ApiError(403, MISMATCH,
        "this token acts only as agent " + bound.get() + ", and " + what + " belongs to " + belongsTo
            + ": use a token that is not bound to an agent" + owner.map(agent -> " or one bound to " + agent).orElse(""),
        List.of("agent: token bound to " + bound.get() + ", " + what + " belongs to " + belongsTo));
  }
}
