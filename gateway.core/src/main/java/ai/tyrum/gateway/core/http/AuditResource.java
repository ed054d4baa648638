package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.audit.AuditRecord;
import ai.tyrum.gateway.core.audit.AuditTrail;
import ai.tyrum.gateway.core.events.EventRecorder;
import java.util.LinkedHashMap;
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
        Route.get("/audit/verify", Access.OPERATOR_READ, this::verify));
  }

  /**
   * The records after {@code after}, with {@code dropped}: how many records that follow {@code after}
   * are no longer kept in memory and so not served (audit:tail and the export read them from the log),
   * and {@code from_seq}, the first seq served when any is.
   */
  private Reply events(Call call) {
    long after = call.longQuery("after", 0);
    if (after < 0) {
      throw new ApiError(400, "invalid_request", "after must be a seq, 0 or more", List.of("after"));
    }
    List<AuditRecord> page = events.after(after, PAGE);
    long first = page.isEmpty() ? events.oldestKept() : page.get(0).seq();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("events", page.stream().map(AuditRecord::toJson).toList());
    page.stream().findFirst().ifPresent(record -> json.put("from_seq", record.seq()));
    json.put("dropped", Math.max(0, first - after - 1));
    return Reply.ok(json);
  }

  /** {@code ?full=true} checks the whole chain; by default the check continues where the last sound one ended. */
  private Reply verify(Call call) {
    String full = call.query("full").orElse("false");
    if (!full.equals("true") && !full.equals("false")) {
      throw new ApiError(400, "invalid_request", "full must be true or false", List.of("full"));
    }
    return Reply.ok(audit.verify(full.equals("true")).toJson());
  }
}
