package ai.tyrum.gateway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.json.Json;
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
  private AuditCommands commands;

  @BeforeEach
  void openLog() throws IOException {
    log = AuditLog.open(dir, AuditLog.Sync.always);
    commands = new AuditCommands(new AuditTrail(log));
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

    List<String> lines = commands.tail(null, 20, false, false).lines().toList();

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
    List<String> json = commands.tail(null, 2, true, false).lines().toList();

    assertThat(json).hasSize(2);
    assertThat(Json.object(json.get(0))).containsEntry("seq", 4).containsKeys("ts", "type", "payload", "prev_hash", "hash");
    assertThat(json).containsExactlyElementsOf(Files.readAllLines(dir.resolve("audit.log")).subList(3, 5));
  }

  @Test
  void tailOfAnEmptyLogSaysSo() throws Exception {
    assertThat(commands.tail(null, 20, false, false)).isEqualTo("audit log is empty");
    assertThat(commands.tail(null, 20, true, false)).isEmpty();
  }

  @Test
  void tailRefusesACountBelowOne() throws Exception {
    assertThat(commands.tail(null, 0, false, false)).startsWith("audit:tail: -n must be at least 1");
  }

  @Test
  void verifyReportsAnIntactChain() throws Exception {
    log.append("policy.changed", Map.of());
    log.append("policy.changed", Map.of());
    assertThat(commands.verify(null, false, false)).isEqualTo("audit log ok: 2 records, chain intact");
    assertThat(Json.object(commands.verify(null, true, false)))
        .containsEntry("ok", true).containsEntry("records", 2).containsEntry("first_bad_seq", -1);
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

    assertThat(commands.verify(null, false, false)).startsWith("audit log BROKEN at seq 2: record 2 was changed");
    assertThat(Json.object(commands.verify(null, true, false))).containsEntry("ok", false).containsEntry("first_bad_seq", 2);
  }
}
