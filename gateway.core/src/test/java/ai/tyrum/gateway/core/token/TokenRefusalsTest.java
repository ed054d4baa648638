package ai.tyrum.gateway.core.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenRefusalsTest {

  private final List<Map<String, Object>> recorded = new ArrayList<>();
  private final TokenStoreTest.MutableClock clock = new TokenStoreTest.MutableClock(Instant.parse("2026-02-03T04:05:06Z"));
  private final TokenRefusals refusals = new TokenRefusals((type, payload) -> {
    assertThat(type).isEqualTo("token.refused");
    recorded.add(payload);
    return recorded.size();
  }, clock);

  @Test
  void aClientRetryingInALoopIsRecordedOncePerTokenAndCodeAMinute() {
    for (int i = 0; i < 1000; i++) {
      refusals.refused("a1", "token_revoked", "GET", "/status");
    }
    refusals.refused("a1", "agent_mismatch", "POST", "/commands/execute");
    refusals.refused("b2", "token_revoked", "GET", "/status");

    assertThat(recorded).containsExactly(
        Map.of("id", "a1", "code", "token_revoked", "method", "GET", "path", "/status"),
        Map.of("id", "a1", "code", "agent_mismatch", "method", "POST", "path", "/commands/execute"),
        Map.of("id", "b2", "code", "token_revoked", "method", "GET", "path", "/status"));
  }

  @Test
  void theNextWindowRecordsAgainAndCountsWhatTheLastOneLeftUnrecorded() {
    refusals.refused("a1", "token_expired", "GET", "/status");
    refusals.refused("a1", "token_expired", "GET", "/status");
    refusals.refused("a1", "token_expired", "GET", "/plugins");
    clock.advance(Duration.ofSeconds(59));
    refusals.refused("a1", "token_expired", "GET", "/status");
    assertThat(recorded).hasSize(1);

    clock.advance(Duration.ofSeconds(1));
    refusals.refused("a1", "token_expired", "GET", "/tools");

    assertThat(recorded).hasSize(2);
    assertThat(recorded.get(1)).containsEntry("path", "/tools").containsEntry("unrecorded_before", 3);
  }

  @Test
  void aLongPathIsCut() {
    refusals.refused("a1", "token_revoked", "GET", "/" + "x".repeat(10_000));
    assertThat((String) recorded.get(0).get("path")).hasSizeLessThan(300);
  }
}
