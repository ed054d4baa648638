package ai.tyrum.gateway.core.secret;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an operator may see of a stored secret: where it lives and who set it when, never its value.
 *
 * @param setBy who set it, as audit records name an actor ({@code console}, {@code token:<id>})
 */
public record SecretInfo(String scope, String name, Instant setAt, String setBy) {

  public SecretInfo {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(setAt, "setAt");
    Objects.requireNonNull(setBy, "setBy");
  }

  /** The secret as {@code GET /secrets} and {@code secret:list --json} show it. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("scope", scope);
    json.put("name", name);
    json.put("set_at", setAt.toString());
    json.put("set_by", setBy);
    return json;
  }
}
