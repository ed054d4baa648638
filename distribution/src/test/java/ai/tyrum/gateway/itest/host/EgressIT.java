package ai.tyrum.gateway.itest.host;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.lib.testing.LocalServer;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The egress fixtures against a real gateway and real HTTP servers on 127.0.0.1: each attack is refused
 * with {@code permission_denied} before a byte leaves for the endpoint it was not granted, recorded as a
 * {@code plugin.permission.denied} event naming the reason, the target and the tool call, and the gateway
 * and its other plugins keep serving; a granted request goes through. The fixtures request egress through
 * an egress class that the policy maps to the servers' ports, chosen at run time; they are installed and
 * granted through the verified pipeline.
 */
class EgressIT {

  private static final String UNGRANTED_HOST = "egress-ungranted-host";
  private static final String THROUGH_REDIRECT = "egress-through-redirect";
  private static final String DNS_TO_LOOPBACK = "egress-dns-to-loopback";

  private static LocalServer granted;
  private static LocalServer ungranted;
  private static LocalServer redirecting;
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() throws IOException {
    granted = LocalServer.answering(200, "granted server");
    ungranted = LocalServer.answering(200, "ungranted server");
    redirecting = LocalServer.redirectingTo(ungranted.url("/internal"));
    gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    gateway.service(PluginLock.class);
    // the gateway's own API listens on 127.0.0.1; the dns-to-loopback fixture is granted it by name only
    Path policy = Files.createDirectories(gateway.data().resolve("policy")).resolve("deployment.yml");
    Files.writeString(policy, String.join("\n",
        "version: 1",
        "tools:",
        "  allow: [" + tool(UNGRANTED_HOST) + ", " + tool(THROUGH_REDIRECT) + ", " + tool(DNS_TO_LOOPBACK) + "]",
        "egress_classes:",
        "  granted-server: [" + granted.endpoint() + "]",
        "  redirecting-server: [" + redirecting.endpoint() + "]",
        "  loopback-by-name: [localhost:" + gateway.url().getPort() + "]",
        ""));
    gateway.shell().run("policy:reload").assertSucceeded();
    install(UNGRANTED_HOST, "granted-server");
    install(THROUGH_REDIRECT, "redirecting-server");
    install(DNS_TO_LOOPBACK, "loopback-by-name");
    gateway.awaitPluginState("echo", "loaded");
  }

  private static void install(String fixture, String egressClass) {
    gateway.shell().run("plugin:install --grant network.egress:class:" + egressClass + " " + gateway.fixture(fixture)).assertSucceeded();
    gateway.awaitPluginState(fixture, "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    for (LocalServer server : new LocalServer[] {granted, ungranted, redirecting}) {
      if (server != null) {
        server.close();
      }
    }
  }

  private static String tool(String fixture) {
    return "plugin." + fixture + ".fetch";
  }

  /** What the fixture's tool reports after asking Egress for {@code url}. */
  private static JsonNode fetch(String fixture, String url) {
    return gateway.http().post("/tools/" + tool(fixture) + "/invoke", "{\"agent\":\"default\",\"input\":{\"url\":\"" + url + "\"}}")
        .assertStatus(200).json().path("output");
  }

  /** The one {@code plugin.permission.denied} event after {@code seq}. */
  private static JsonNode denied(long seq) {
    List<JsonNode> denied = GatewayEvents.after(gateway, seq, "plugin.permission.denied");
    assertThat(denied).hasSize(1);
    return denied.get(0).path("payload");
  }

  private static void assertDeniedEvent(JsonNode event, String fixture, String target, String reason) {
    assertThat(event.path("plugin").path("id").asString()).isEqualTo(fixture);
    assertThat(event.path("permission").asString()).isEqualTo("network.egress");
    assertThat(event.path("target").asString()).isEqualTo(target);
    assertThat(event.path("reason").asString()).isEqualTo(reason);
    assertThat(event.path("tool_call").path("tool").asString()).isEqualTo(tool(fixture));
    assertThat(event.path("tool_call").path("agent").asString()).isEqualTo("default");
  }

  private static void assertGatewayStillServes() {
    assertThat(gateway.http().get("/healthz").status()).isEqualTo(200);
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"still here\"}}")
        .assertStatus(200).json().path("output").path("text").asString()).isEqualTo("still here");
  }

  @Test
  void grantedRequestGoesThrough() {
    JsonNode output = fetch(UNGRANTED_HOST, granted.url("/ok"));

    assertThat(output.path("reached").asBoolean()).isTrue();
    assertThat(output.path("status").asInt()).isEqualTo(200);
    assertThat(output.path("body").asString()).isEqualTo("granted server");
  }

  @Test
  void hostTheGrantDoesNotCoverIsRefusedBeforeConnecting() {
    long seq = GatewayEvents.lastSeq(gateway);
    int before = ungranted.received().size();

    JsonNode output = fetch(UNGRANTED_HOST, ungranted.url("/secret"));

    assertThat(output.path("reached").asBoolean()).isFalse();
    assertThat(output.path("code").asString()).isEqualTo("permission_denied");
    assertThat(ungranted.received()).hasSize(before);
    assertDeniedEvent(denied(seq), UNGRANTED_HOST, ungranted.endpoint(), "not_declared");
    assertGatewayStillServes();
  }

  @Test
  void redirectToAnUngrantedServerIsRefusedBeforeItIsFollowed() {
    long seq = GatewayEvents.lastSeq(gateway);
    int before = ungranted.received().size();

    JsonNode output = fetch(THROUGH_REDIRECT, redirecting.url("/start"));

    assertThat(output.path("reached").asBoolean()).isFalse();
    assertThat(output.path("code").asString()).isEqualTo("permission_denied");
    assertThat(redirecting.received()).isNotEmpty();
    assertThat(ungranted.received()).hasSize(before);
    assertDeniedEvent(denied(seq), THROUGH_REDIRECT, ungranted.endpoint(), "outside_grant");
    assertGatewayStillServes();
  }

  @Test
  void grantedNameResolvingToLoopbackIsRefused() {
    long seq = GatewayEvents.lastSeq(gateway);
    int port = gateway.url().getPort();

    JsonNode output = fetch(DNS_TO_LOOPBACK, "http://localhost:" + port + "/healthz");

    assertThat(output.path("reached").asBoolean()).isFalse();
    assertThat(output.path("code").asString()).isEqualTo("permission_denied");
    assertThat(output.path("message").asString()).contains("loopback");
    JsonNode event = denied(seq);
    assertThat(List.of("127.0.0.1:" + port, "[::1]:" + port)).contains(event.path("target").asString());
    assertDeniedEvent(event, DNS_TO_LOOPBACK, event.path("target").asString(), "outside_grant");
    assertGatewayStillServes();
  }
}
