package ai.tyrum.gateway.itest;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The records of {@code GET /events}, as a client pages through them. */
public final class GatewayEvents {

  private GatewayEvents() {}

  /** The seq of the last record. */
  public static long lastSeq(GatewayFramework gateway) {
    List<JsonNode> all = after(gateway, 0);
    return all.isEmpty() ? 0 : all.get(all.size() - 1).path("seq").asLong();
  }

  /** Every record after {@code seq} of type {@code type}. */
  public static List<JsonNode> after(GatewayFramework gateway, long seq, String type) {
    return after(gateway, seq).stream().filter(e -> e.path("type").asString().equals(type)).toList();
  }

  /** Every record after {@code seq}. */
  public static List<JsonNode> after(GatewayFramework gateway, long seq) {
    List<JsonNode> found = new ArrayList<>();
    long after = seq;
    while (true) {
      JsonNode events = gateway.http().get("/events?after=" + after).assertStatus(200).json().path("events");
      if (events.isEmpty()) {
        return found;
      }
      events.forEach(found::add);
      after = events.get(events.size() - 1).path("seq").asLong();
    }
  }
}
