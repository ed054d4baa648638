package ai.tyrum.gateway.itest.token;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A token whose {@code expires_at} has passed, as the token file holds it when the gateway starts: 401
 * {@code token_expired}, listed as expired, and audited once as {@code token.refused}. No clock is moved
 * and nothing waits: the expiry is in the past before the store reads the file.
 */
class ExpiredTokenIT {

  private static final String EXPIRED = "tyr_expired-token-of-the-test";
  private static final String EXPIRED_ID = "old0ci";

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayFramework.builder().start();
    gateway.token(); // printed once, at the first start: read it before gateway.core reads the file again
    Path file = gateway.data().resolve("tokens").resolve("tokens.json");
    JsonMapper json = JsonMapper.shared();
    ObjectNode stored = (ObjectNode) json.readTree(Files.readString(file));
    assertThat(stored.path("format").asString()).isEqualTo("tyrum.tokens.v2");
    ObjectNode token = ((ArrayNode) stored.path("tokens")).addObject();
    token.put("id", EXPIRED_ID);
    token.put("name", "nightly");
    token.put("sha256", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(EXPIRED.getBytes(StandardCharsets.UTF_8))));
    token.putArray("scopes").add("operator.read");
    token.put("created", "2020-01-01T00:00:00Z");
    token.put("expires_at", "2020-01-02T00:00:00Z");
    Files.writeString(file, json.writeValueAsString(stored));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    Bundle core = List.of(gateway.context().getBundles()).stream()
        .filter(bundle -> "gateway.core".equals(bundle.getSymbolicName()))
        .findFirst()
        .orElseThrow();
    core.stop();
    core.start();
    Await.until("the gateway answers again", () -> gateway.http().withoutToken().get("/healthz").status() == 200);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void anExpiredTokenIsTokenExpiredListedAsExpiredAndAuditedOnce() {
    long seq = GatewayEvents.lastSeq(gateway);

    for (int i = 0; i < 3; i++) {
      HttpResult refused = gateway.http().withToken(EXPIRED).get("/plugins").assertStatus(401);
      assertThat(refused.errorCode()).isEqualTo("token_expired");
      assertThat(refused.json().path("error").path("message").asString()).contains(EXPIRED_ID).contains("2020-01-02T00:00:00Z");
    }

    JsonNode listed = null;
    for (JsonNode token : gateway.http().get("/tokens").assertStatus(200).json().path("tokens")) {
      if (token.path("id").asString().equals(EXPIRED_ID)) {
        listed = token;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(listed.path("state").asString()).isEqualTo("expired");
    assertThat(listed.path("expires_at").asString()).isEqualTo("2020-01-02T00:00:00Z");
    assertThat(gateway.shell().run("token:list").assertSucceeded().console()).contains(EXPIRED_ID).contains("expired");
    List<JsonNode> refusals = GatewayEvents.after(gateway, seq, "token.refused");
    assertThat(refusals).hasSize(1);
    assertThat(refusals.get(0).path("payload").path("code").asString()).isEqualTo("token_expired");
    assertThat(refusals.get(0).path("payload").path("id").asString()).isEqualTo(EXPIRED_ID);
  }
}
