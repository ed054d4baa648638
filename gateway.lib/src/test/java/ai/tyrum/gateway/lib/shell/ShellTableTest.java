package ai.tyrum.gateway.lib.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ShellTableTest {

  @Test
  void alignsEveryColumnOnItsWidestCellAndTrimsTrailingBlanks() {
    String table = new ShellTable("ID", "STATE", "REASON").row("echo", "loaded", "").row("a-long-id", "failed", "bad_id").toString();
    assertThat(table).isEqualTo("""
        ID         STATE   REASON
        echo       loaded
        a-long-id  failed  bad_id
        """);
  }

  @Test
  void keyValueLinesAlignTheirValuesWhateverTheLongestKey() {
    String lines = ShellTable.of(2).indent("  ").row("status", "ready").row("audit_sync", "interval").row("n", 3).toString();
    assertThat(lines).isEqualTo("""
          status      ready
          audit_sync  interval
          n           3
        """);
  }

  @Test
  void refusesARowOfTheWrongWidth() {
    assertThatThrownBy(() -> new ShellTable("A", "B").row("only one")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void timestampsShowSecondsInUtc() {
    assertThat(Timestamps.seconds(Instant.parse("2026-12-06T04:34:12.123456789Z"))).isEqualTo("2026-12-06T04:34:12Z");
  }
}
