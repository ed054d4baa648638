package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.audit.AuditRecord;
import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.core.events.EventRecorder;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The audit log read two ways: {@code GET /events?after=SEQ} (records in order) and {@code GET /audit/verify} (the chain's verdict). */
@Component(service = ApiResource.class)
public final class AuditResource implements ApiResource {

  /** Records per page of {@code /events}; a client pages on with the last {@code seq} it saw. */
  static final int PAGE = 500;

  @Reference EventRecorder events;
  @Reference AuditTrail audit;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/events", Access.OPERATOR_READ, this::events),
        Route.get("/audit/verify", Access.OPERATOR_READ, call -> Reply.ok(audit.verify().toJson())));
  }

  private Reply events(Call call) {
    long after = call.longQuery("after", 0);
    return Reply.ok(Map.of("events", events.after(after, PAGE).stream().map(AuditRecord::toJson).toList()));
  }
}
