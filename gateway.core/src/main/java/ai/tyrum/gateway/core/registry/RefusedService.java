package ai.tyrum.gateway.core.registry;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service registered with a plugin bundle that the registry does not serve, though the plugin keeps
 * serving its own registration of the same contribution.
 *
 * @param serviceId the framework's {@code service.id} of the refused registration
 * @param kind what it claimed to be
 * @param name the contribution it named
 * @param reason why it is refused ({@code duplicate_contribution})
 * @param implementation the service object's class, and the bundle whose class loader defined it, which
 *     tells who made the registration when another bundle borrowed the plugin's context
 */
public record RefusedService(long serviceId, Contribution kind, String name, String reason, String implementation) {

  /** How {@code GET /plugins} shows it. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("service_id", serviceId);
    json.put("kind", kind.name());
    json.put("name", name);
    json.put("reason", reason);
    json.put("implementation", implementation);
    return json;
  }
}
