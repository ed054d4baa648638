package ai.tyrum.gateway.core.token;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an operator may see of a stored token: everything but the token and its hash.
 *
 * @param revokedAt when it was revoked; a revoked token stays listed so its id still explains a refusal
 */
public record TokenInfo(
    String id,
    Optional<String> name,
    Set<String> scopes,
    Optional<String> agent,
    Instant created,
    Optional<Instant> expiresAt,
    Optional<Instant> revokedAt) {

  /** What a token is at a moment. */
  public enum State { active, expired, revoked }

  public TokenInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    scopes = Set.copyOf(new TreeSet<>(scopes));
    Objects.requireNonNull(agent, "agent");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(expiresAt, "expiresAt");
    Objects.requireNonNull(revokedAt, "revokedAt");
  }

  /** Revoked wins over expired: a revocation is an operator's deliberate act. */
  public State state(Instant now) {
    if (revokedAt.isPresent()) {
      return State.revoked;
    }
    return expiresAt.isPresent() && !now.isBefore(expiresAt.get()) ? State.expired : State.active;
  }

  /** The token as the API and {@code token:list --json} show it. */
  public Map<String, Object> toJson(Instant now) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("name", name.orElse(null));
    json.put("scopes", List.copyOf(new TreeSet<>(scopes)));
    json.put("agent", agent.orElse(null));
    json.put("created", created.toString());
    json.put("expires_at", expiresAt.map(Instant::toString).orElse(null));
    json.put("state", state(now).name());
    revokedAt.ifPresent(at -> json.put("revoked_at", at.toString()));
    return json;
  }
}
