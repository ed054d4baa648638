package ai.tyrum.gateway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chain without a file: lines as append makes them, checked as verify reads them. */
class AuditChainTest {

  private static final String TS = "2026-01-01T00:00:00.000Z";

  /** The lines of {@code count} records, chained from the genesis hash, without their newlines. */
  private static byte[][] chain(int count) {
    byte[][] lines = new byte[count][];
    String previous = AuditChain.GENESIS;
    for (int seq = 1; seq <= count; seq++) {
      AuditChain.Entry entry = AuditChain.entry("plugin.lifecycle", Map.of("kind", "loaded", "n", seq));
      String hash = AuditChain.hash(AuditChain.sha256(), seq, TS, entry, previous);
      byte[] line = AuditChain.line(seq, TS, entry, previous, hash);
      lines[seq - 1] = Arrays.copyOf(line, line.length - 1);
      previous = hash;
    }
    return lines;
  }

  @Test
  void linesAsAppendWritesThemFormAnIntactChain() {
    byte[][] lines = chain(3);
    AuditChain.Check check = new AuditChain.Check();
    for (byte[] line : lines) {
      check.line(line);
    }
    String lastHash = AuditChain.parse(lines[2]).orElseThrow().hash();
    assertThat(check.report(false, 3, lastHash)).isEqualTo(new VerifyReport(true, 3, -1, ""));
  }

  @Test
  void aChangedPayloadBreaksTheChainAtItsRecord() {
    byte[][] lines = chain(3);
    lines[1] = new String(lines[1], StandardCharsets.UTF_8).replace("\"n\":2", "\"n\":7").getBytes(StandardCharsets.UTF_8);
    AuditChain.Check check = new AuditChain.Check();
    for (byte[] line : lines) {
      check.line(line);
    }
    VerifyReport report = check.report(false, 3, AuditChain.parse(lines[2]).orElseThrow().hash());
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).isEqualTo(2);
    assertThat(report.problem()).contains("was changed");
  }
}
