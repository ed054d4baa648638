package ai.tyrum.gateway.core.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.audit.AuditLog;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.CommandError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandsTest {

  @TempDir Path dir;

  private AuditLog log;
  private AuditTailCommand tail;
  private AuditVerifyCommand verify;

  @BeforeEach
  void openLog() throws IOException {
    log = AuditLog.open(dir, AuditLog.Sync.always);
    tail = new AuditTailCommand(log);
    verify = new AuditVerifyCommand(log);
  }

  @AfterEach
  void closeLog() {
    log.close();
  }

  @Test
  void tailPrintsAlignedRowsWithASummaryOfEachPayload() throws Exception {
    Map<String, Object> failed = new LinkedHashMap<>();
    failed.put("kind", "failed");
    failed.put("plugin", Map.of("id", "evil", "version", "1.0.0", "bundle", "tyrum.evil"));
    failed.put("reason", "undeclared_contribution");
    log.append("plugin.lifecycle", failed);
    log.append("plugin_tool.invoked", Map.of("tool", "plugin.echo.echo", "decision", "allow"));
    log.append("policy.changed", Map.of("snapshot", "f".repeat(100)));

    List<String> lines = tail.tail(20, false).lines().toList();

    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("SEQ").contains("TS").contains("TYPE").endsWith("SUMMARY");
    assertThat(lines.get(1)).startsWith("1 ").endsWith("failed plugin=evil reason=undeclared_contribution");
    assertThat(lines.get(2)).contains("plugin_tool.invoked").endsWith("tool=plugin.echo.echo decision=allow");
    assertThat(lines.get(3)).endsWith("...");
    int summaryColumn = lines.get(0).indexOf("SUMMARY");
    assertThat(lines.subList(1, 4)).allSatisfy(line -> assertThat(line.charAt(summaryColumn - 1)).isEqualTo(' '));
    assertThat(lines.get(3).substring(summaryColumn)).hasSize(80);
  }

  @Test
  void tailHonoursCountAndPrintsJsonLinesAsStored() throws Exception {
    for (int i = 1; i <= 5; i++) {
      log.append("policy.changed", Map.of("n", i));
    }
    List<String> json = tail.tail(2, true).lines().toList();

    assertThat(json).hasSize(2);
    assertThat(Json.object(json.get(0))).containsEntry("seq", 4).containsKeys("ts", "type", "payload", "prev_hash", "hash");
    assertThat(json).containsExactlyElementsOf(Files.readAllLines(dir.resolve("audit.log")).subList(3, 5));
  }

  @Test
  void tailOfAnEmptyLogSaysSo() throws Exception {
    assertThat(tail.tail(20, false)).isEqualTo("audit log is empty");
    assertThat(tail.tail(20, true)).isEmpty();
  }

  @Test
  void tailRefusesACountBelowOne() throws Exception {
    assertThatThrownBy(() -> tail.tail(0, false))
        .isInstanceOf(CommandError.class)
        .hasToString("error invalid_arguments: -n must be at least 1\n  usage: audit:tail [--count COUNT] [--json]\n  see audit:tail --help");
  }

  @Test
  void verifyReportsAnIntactChain() throws Exception {
    log.append("policy.changed", Map.of());
    log.append("policy.changed", Map.of());
    assertThat(verify.verify(false, false)).isEqualTo("audit log ok: 2 records, chain intact (every record checked)");
    assertThat(Json.object(verify.verify(true, true)))
        .containsEntry("ok", true).containsEntry("records", 2).containsEntry("first_bad_seq", -1)
        .containsEntry("from_seq", 1).containsEntry("full", true);
  }

  @Test
  void verifyContinuesFromTheLastSoundCheckUnlessFull() throws Exception {
    log.append("policy.changed", Map.of());
    verify.verify(false, false);
    log.append("policy.changed", Map.of());

    assertThat(verify.verify(false, false)).isEqualTo("audit log ok: 2 records, chain intact (records from seq 2 checked)");
    assertThat(verify.verify(true, false)).isEqualTo("audit log ok: 2 records, chain intact (every record checked)");
  }

  @Test
  void verifyReportsWhereTheChainBreaks() throws Exception {
    for (int i = 1; i <= 3; i++) {
      log.append("policy.changed", Map.of("n", "value" + i));
    }
    Path file = dir.resolve("audit.log");
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(1, lines.get(1).replace("value2", "value9"));
    Files.write(file, lines);

    assertThat(verify.verify(false, false)).startsWith("audit log BROKEN at seq 2: record 2 was changed");
    assertThat(Json.object(verify.verify(false, true))).containsEntry("ok", false).containsEntry("first_bad_seq", 2);
  }
}
