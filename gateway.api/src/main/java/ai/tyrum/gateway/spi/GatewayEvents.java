package ai.tyrum.gateway.spi;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Records gateway events: each is appended durably to the audit log, then posted to EventAdmin under
 * {@code tyrum/<type with dots as slashes>}.
 */
@ProviderType
public interface GatewayEvents {

  /**
   * Records one event and returns its audit sequence number once the record is durable.
   *
   * @param type the event type, such as {@code plugin.lifecycle}
   * @param payload JSON-shaped payload (maps, lists, strings, numbers, booleans); never raw call data
   * @throws AuditException when the record could not be made durable; the caller must fail closed
   */
  long record(String type, Map<String, Object> payload);
}
