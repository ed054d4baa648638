package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.spi.AgentId;
import java.util.List;
import java.util.Optional;

/** The agent a request acts for: the one it names, if it is an agent id, else {@value AgentId#DEFAULT}. */
final class Agents {

  private Agents() {}

  /** @throws ApiError 400 {@code invalid_agent} when {@code requested} is not an agent id */
  static String of(Optional<String> requested) {
    if (requested.isEmpty() || requested.get().isBlank()) {
      return AgentId.DEFAULT;
    }
    if (!AgentId.valid(requested.get())) {
      throw new ApiError(400, "invalid_agent", AgentId.RULE, List.of("agent"));
    }
    return requested.get();
  }
}
