package ai.tyrum.gateway.core.token;

import ai.tyrum.gateway.spi.GatewayEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Records requests refused for their token ({@code token_revoked}, {@code token_expired},
 * {@code agent_mismatch}) as {@code token.refused}, by token id, never the token. A client retrying in a
 * loop must not flood the audit chain: each token id and code is recorded at most once per
 * {@link #WINDOW}, and the record says how many refusals the window before it held unrecorded.
 * Only tokens the store holds reach here, so the memory is bounded by their number.
 */
@Component(service = TokenRefusals.class)
public final class TokenRefusals {

  /** At most one record per token id and code within this long. */
  static final Duration WINDOW = Duration.ofMinutes(1);

  /** A path is recorded up to this many characters: a request cannot make a record large. */
  private static final int MAX_PATH = 256;

  private final GatewayEvents events;
  private final Clock clock;
  private final Map<String, Window> windows = new ConcurrentHashMap<>();

  private record Window(Instant recorded, int unrecorded) {}

  @Activate
  public TokenRefusals(@Reference GatewayEvents events) {
    this(events, Clock.systemUTC());
  }

  TokenRefusals(GatewayEvents events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /** Records the refusal of {@code method path} for token {@code tokenId} with {@code code}, unless one was recorded lately. */
  public void refused(String tokenId, String code, String method, String path) {
    Instant now = clock.instant();
    int[] skipped = {-1};
    windows.compute(tokenId + " " + code, (key, window) -> {
      if (window != null && now.isBefore(window.recorded().plus(WINDOW))) {
        return new Window(window.recorded(), window.unrecorded() + 1);
      }
      skipped[0] = window == null ? 0 : window.unrecorded();
      return new Window(now, 0);
    });
    if (skipped[0] < 0) {
      return;
    }
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", tokenId);
    payload.put("code", code);
    payload.put("method", method);
    payload.put("path", path.length() <= MAX_PATH ? path : path.substring(0, MAX_PATH) + "...");
    if (skipped[0] > 0) {
      payload.put("unrecorded_before", skipped[0]);
    }
    events.record("token.refused", payload);
  }
}
