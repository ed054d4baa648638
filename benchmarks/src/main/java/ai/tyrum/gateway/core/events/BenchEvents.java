package ai.tyrum.gateway.core.events;

import ai.tyrum.gateway.core.audit.AuditLog;
import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.spi.GatewayEvents;

/**
 * The gateway's own event recorder over an audit log, without a framework (so without EventAdmin, as
 * when none is bound). In the recorder's package because its test constructor is package-private.
 */
public final class BenchEvents {

  private BenchEvents() {}

  public static GatewayEvents recorder(AuditLog log) {
    return new EventRecorder(new AuditTrail(log), null);
  }
}
