package ai.tyrum.gateway.core.token;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a new token is to be: its scopes (in the order given, so that a refusal can point at one),
 * the agent it is bound to, how long it lives and its name, each optional but the scopes.
 */
public record TokenRequest(List<String> scopes, Optional<String> agent, Optional<Duration> expires, Optional<String> name) {

  public TokenRequest {
    scopes = List.copyOf(scopes);
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(expires, "expires");
    Objects.requireNonNull(name, "name");
  }
}
