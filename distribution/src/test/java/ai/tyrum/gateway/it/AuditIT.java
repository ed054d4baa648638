package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The audit log survives a restart and {@code audit:verify} detects a modified record. */
class AuditIT {

  @Test
  void verifyDetectsAModifiedRecordAfterRestart() throws Exception {
    Path data;
    String token;
    try (TestGateway gateway = TestGateway.start()) {
      TestGateway.await("echo is loaded", () -> gateway.pluginState("echo").equals("loaded"));
      gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"one\"}}").assertStatus(200);
      assertThat(gateway.shell("audit:verify")).contains("ok");
      assertThat(gateway.get("/audit/verify").assertStatus(200).body().path("ok").asBoolean()).isTrue();
      data = gateway.data;
      token = gateway.token;
    }

    Path log = data.resolve("audit/audit.log");
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    int victim = lines.size() / 2;
    String tampered = lines.get(victim).replace("\"kind\":\"", "\"kind\":\"x");
    if (tampered.equals(lines.get(victim))) {
      tampered = lines.get(victim).replace("\"agent\":\"default\"", "\"agent\":\"mallory\"");
    }
    assertThat(tampered).isNotEqualTo(lines.get(victim));
    lines.set(victim, tampered);
    Files.write(log, lines, StandardCharsets.UTF_8);

    try (TestGateway gateway = TestGateway.restart(data, token)) {
      String verdict = gateway.shell("audit:verify");
      assertThat(verdict).contains("BROKEN").contains("seq " + (victim + 1));
      assertThat(gateway.get("/audit/verify").body().path("ok").asBoolean()).isFalse();
    }
  }
}
