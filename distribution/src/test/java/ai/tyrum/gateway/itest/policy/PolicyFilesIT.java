package ai.tyrum.gateway.itest.policy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Policy files edited in the real policy dir while the gateway runs, as an operator's editor (or an
 * attacker's input) leaves them: half-written, empty, with YAML aliases, with thousands of faults. The
 * deny in force is never lifted, and every rejection is audited.
 */
class PolicyFilesIT {

  private static final String DENY_ECHO = "tools:\n  deny: [plugin.echo.*]\n";
  private static final String ECHO_CALL = "{\"input\":{\"text\":\"hi\"}}";

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .plugin("echo")
        .dataFile("policy/deployment.yml", DENY_ECHO)
        .start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @BeforeEach
  void denyEcho() throws Exception {
    Path temp = Files.createTempFile(deployment().getParent(), ".deployment", ".tmp");
    Files.writeString(temp, DENY_ECHO);
    Files.move(temp, deployment(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    gateway.shell().run("policy:reload").assertSucceeded();
    assertEchoDenied();
  }

  private static Path deployment() {
    return gateway.data().resolve("policy/deployment.yml");
  }

  /** Writes in place, as an editor that does not save atomically: truncate, then write. */
  private static void writeInPlace(String content) throws Exception {
    Files.writeString(deployment(), content, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
  }

  private static void assertEchoDenied() {
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", ECHO_CALL).assertStatus(403).errorCode())
        .isEqualTo("tool_not_exposed");
  }

  /** The seq of the last audit record. */
  private static long lastSeq() {
    long seq = 0;
    while (true) {
      JsonNode events = gateway.http().get("/events?after=" + seq).assertStatus(200).json().path("events");
      if (events.isEmpty()) {
        return seq;
      }
      seq = events.get(events.size() - 1).path("seq").asLong();
    }
  }

  /** The payload of the first {@code policy.changed} record after {@code seq} that {@code matches}, once there is one. */
  private static JsonNode awaitPolicyChanged(long seq, Predicate<JsonNode> matches) {
    AtomicReference<JsonNode> found = new AtomicReference<>();
    Await.until("a matching policy.changed record after seq " + seq, () -> {
      long after = seq;
      while (true) {
        JsonNode events = gateway.http().get("/events?after=" + after).assertStatus(200).json().path("events");
        if (events.isEmpty()) {
          return false;
        }
        for (JsonNode event : events) {
          if (event.path("type").asString().equals("policy.changed") && matches.test(event.path("payload"))) {
            found.set(event.path("payload"));
            return true;
          }
        }
        after = events.get(events.size() - 1).path("seq").asLong();
      }
    });
    return found.get();
  }

  private static Predicate<JsonNode> rejectedWith(String detail) {
    return payload -> payload.path("kind").asString().equals("rejected") && payload.path("details").toString().contains(detail);
  }

  @Test
  void emptiedOrHalfWrittenFileNeverLiftsTheDenyInForce() throws Exception {
    long seq = lastSeq();
    writeInPlace("");
    awaitPolicyChanged(seq, rejectedWith("deployment.yml: /: policy_file_empty: "));
    assertEchoDenied();

    seq = lastSeq();
    writeInPlace("tools:\n  deny: [plugin.ec");
    awaitPolicyChanged(seq, rejectedWith("deployment.yml: yaml_syntax: line 2"));
    assertEchoDenied();
  }

  @Test
  void aliasThatWouldReadAsAnotherToolIsRefusedWithItsFileAndPointer() throws Exception {
    long seq = lastSeq();
    writeInPlace("tools:\n  allow: [&x plugin.echo.echo]\n  deny: [*x]\n");
    JsonNode rejected = awaitPolicyChanged(seq, rejectedWith("deployment.yml: /tools/deny/0: yaml_alias: line 3, column 10"));
    assertThat(rejected.path("details").toString()).contains("deployment.yml: /tools/allow/0: yaml_anchor: line 2, column 11");
    assertEchoDenied();
    assertThat(gateway.shell().run("policy:check").assertFailed().console()).contains("yaml_alias");
  }

  @Test
  void fractionalTtlIsRefusedRatherThanReplacedByTheDefault() throws Exception {
    long seq = lastSeq();
    writeInPlace(DENY_ECHO + "approvals:\n  ttl_seconds: 60.0\n");
    awaitPolicyChanged(seq, rejectedWith("deployment.yml: /approvals/ttl_seconds: number_not_whole"));
    assertEchoDenied();
  }

  @Test
  void rejectionWithTwentyThousandFaultsIsAuditedWithItsFirstFaultsAndACount() throws Exception {
    StringBuilder yaml = new StringBuilder("egress_classes:\n");
    for (int c = 0, left = 20_000; left > 0; c++, left -= 256) {
      yaml.append("  c").append(c).append(": [").append(String.join(", ", Collections.nCopies(Math.min(256, left), "x"))).append("]\n");
    }
    long seq = lastSeq();
    writeInPlace(yaml.toString());
    JsonNode rejected = awaitPolicyChanged(seq, rejectedWith("egress_endpoint_malformed"));
    assertThat(rejected.path("details_omitted").asInt()).isEqualTo(19_950);
    assertThat(rejected.path("details").size()).isEqualTo(51);
    assertThat(gateway.http().get("/audit/verify").assertStatus(200).json().path("ok").asBoolean()).isTrue();
    assertEchoDenied();
  }

  @Test
  void deletingTheFileIsTheDeliberateWayToDropItsRules() throws Exception {
    long seq = lastSeq();
    Files.delete(deployment());
    awaitPolicyChanged(seq, payload -> payload.path("kind").asString().equals("applied"));
    gateway.http().post("/tools/plugin.echo.echo/invoke", ECHO_CALL).assertStatus(200);
  }
}
