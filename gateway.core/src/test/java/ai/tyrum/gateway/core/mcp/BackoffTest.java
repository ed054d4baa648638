package ai.tyrum.gateway.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private static final Duration SECOND = Duration.ofSeconds(1);
  private static final Duration HALF_MINUTE = Duration.ofSeconds(30);

  @Test
  void theDelayDoublesFromOneSecondAndStopsAtThirty() {
    assertThat(IntStream.rangeClosed(1, 8).mapToObj(n -> Backoff.delay(n, SECOND, HALF_MINUTE).toSeconds()))
        .containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
  }

  @Test
  void aLargeRestartCountDoesNotOverflow() {
    assertThat(Backoff.delay(1_000, SECOND, HALF_MINUTE)).isEqualTo(HALF_MINUTE);
  }

  @Test
  void theNthCrashWithinTheWindowIsACrashLoop() {
    Backoff backoff = new Backoff();
    Duration window = Duration.ofSeconds(10);

    assertThat(backoff.crashLoop(0, 3, window)).isFalse();
    assertThat(backoff.crashLoop(1, 3, window)).isFalse();
    assertThat(backoff.crashLoop(2, 3, window)).isTrue();
    assertThat(backoff.crashLoop(3, 3, window)).as("the count starts afresh after a loop").isFalse();
  }

  @Test
  void crashesOlderThanTheWindowDoNotCount() {
    Backoff backoff = new Backoff();
    Duration window = Duration.ofSeconds(10);
    long later = window.toNanos() + 1;

    backoff.crashLoop(0, 2, window);
    assertThat(backoff.crashLoop(later, 2, window)).isFalse();
    assertThat(backoff.crashLoop(later + 1, 2, window)).isTrue();
  }

  @Test
  void aResetForgetsTheCrashes() {
    Backoff backoff = new Backoff();
    backoff.crashLoop(0, 2, SECOND);
    backoff.reset();

    assertThat(backoff.crashLoop(1, 2, SECOND)).isFalse();
  }
}
