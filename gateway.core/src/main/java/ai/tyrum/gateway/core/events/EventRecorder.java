package ai.tyrum.gateway.core.events;

import ai.tyrum.gateway.core.audit.AuditRecord;
import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.spi.GatewayEvents;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventAdmin;

/**
 * Records gateway events (DESIGN §8): durably into the audit trail first, then to EventAdmin under
 * {@code tyrum/<type with dots as slashes>}. The audit record is the fact; the EventAdmin post is a
 * notification that may be missed (no EventAdmin, or one that fails) without losing anything.
 */
@Component(service = {GatewayEvents.class, EventRecorder.class})
public final class EventRecorder implements GatewayEvents {

  private static final System.Logger LOG = System.getLogger(EventRecorder.class.getName());

  private final AuditTrail audit;
  private volatile EventAdmin eventAdmin;

  @Activate
  public EventRecorder(@Reference AuditTrail audit) {
    this.audit = audit;
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  public void setEventAdmin(EventAdmin admin) {
    eventAdmin = admin;
  }

  public void unsetEventAdmin(EventAdmin admin) {
    // a greedy replacement is bound before the old one is unbound: forget only the one that leaves
    if (eventAdmin == admin) {
      eventAdmin = null;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if the type is not dotted snake_case or the payload is not JSON
   */
  @Override
  public long record(String type, Map<String, Object> payload) {
    AuditRecord record = audit.append(type, payload);
    post(record);
    return record.seq();
  }

  /**
   * Appended records after {@code seq}, oldest first, at most {@code limit}, for {@code GET /events}:
   * the last 1000 are kept in memory. They arrive there in seq order once their append returned (in
   * {@code always} sync mode, once forced), so a client that asks again after the last seq it saw
   * never skips one.
   */
  public List<AuditRecord> after(long seq, int limit) {
    return audit.after(seq, limit);
  }

  /** The lowest seq {@link #after} can still serve; older records are only in the audit log's file. */
  public long oldestKept() {
    return audit.oldestKept();
  }

  static String topic(String type) {
    return "tyrum/" + type.replace('.', '/');
  }

  private void post(AuditRecord record) {
    EventAdmin admin = eventAdmin; // read once: the reference is dynamic
    if (admin == null) {
      return;
    }
    Map<String, Object> properties = new HashMap<>(record.payload());
    properties.put("seq", record.seq());
    properties.put("type", record.type());
    try {
      admin.postEvent(new Event(topic(record.type()), properties));
    } catch (RuntimeException e) {
      // The record is in the audit log already; a failing EventAdmin (stopping, or a security check) must not
      // turn a recorded event into an error for the caller. One line: what failed is EventAdmin's state, not ours.
      LOG.log(System.Logger.Level.WARNING, "could not post audit record " + record.seq() + " to EventAdmin: " + e);
    }
  }
}
