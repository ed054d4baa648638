package ai.tyrum.gateway.itest.hardened;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.it.TestGateway;
import ai.tyrum.gateway.launcher.SecurityPosture;
import ai.tyrum.gateway.lib.testing.LocalServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The host services under the security manager (DESIGN sections 3 and 6): a plugin confined to its
 * mapped permissions still reaches the outside through them, as the host services act with the gateway's
 * own permissions; and what they refuse without hardened mode they refuse with it. Runs in a JVM of its
 * own, like every hardened suite.
 */
class HardenedHostServicesIT {

  private static final String KEY = "hk-91c0ffee";

  private static TestGateway gateway;
  private static LocalServer api;

  @BeforeAll
  static void start() throws Exception {
    api = LocalServer.start(exchange -> {
      String sent = String.valueOf(exchange.getRequestHeaders().getFirst("authorization"));
      byte[] forecast = ("{\"city\":\"Oslo\",\"temperature_c\":3.0,\"conditions\":\"snow, you sent " + sent + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("content-type", "application/json");
      LocalServer.respond(exchange, 200, forecast);
    });
    gateway = TestGateway.start(SecurityPosture.Requested.on);
    int port = gateway.gateway.url().getPort();
    Files.writeString(gateway.data.resolve("policy/deployment.yml"), String.join("\n",
        "version: 1",
        "tools:",
        "  allow: [plugin.weather.forecast, plugin.relay.relay, plugin.reads-other-secret.read,"
            + " plugin.writes-outside-dir.write, plugin.writes-outside-dir.plant, plugin.egress-dns-to-loopback.fetch]",
        "egress_classes:",
        "  weather-api: [" + api.endpoint() + "]",
        "  loopback-by-name: [localhost:" + port + "]",
        ""));
    gateway.shell("policy:reload");
    gateway.shell("plugin:config weather set base_url " + api.url(""));
    gateway.shell("secret:set weather api_key " + KEY);
    gateway.shell("secret:set own key own-value-7f3e");
    gateway.shell("secret:set other key other-value-2b9d");
    gateway.shell("plugin:install --grant tools.call:plugin.echo.echo --grant tools.call:plugin.relay.relay " + fixture("relay"));
    gateway.shell("plugin:install --grant secrets.read:own " + fixture("reads-other-secret"));
    gateway.shell("plugin:install --grant fs.write:out " + fixture("writes-outside-dir"));
    gateway.shell("plugin:install --grant network.egress:class:loopback-by-name " + fixture("egress-dns-to-loopback"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (api != null) {
      api.close();
    }
  }

  @AfterEach
  void theGatewayStillServesEcho() throws Exception {
    assertThat(gateway.shell("tool:call plugin.echo.echo '{\"text\":\"still here\"}'")).contains("\"text\" : \"still here\"");
  }

  private static Path fixture(String name) throws Exception {
    try (var jars = Files.list(gateway.fixtures)) {
      return jars.filter(j -> j.getFileName().toString().startsWith("fixture." + name + "-1.")).findFirst().orElseThrow();
    }
  }

  private static TestGateway.Response call(String tool, String input) throws Exception {
    return gateway.post("/tools/" + tool + "/invoke", "{\"input\":" + input + "}");
  }

  @Test
  void egressAndASecretWorkForTheWeatherPluginAndTheKeyStaysHidden() throws Exception {
    JsonNode answer = call("plugin.weather.forecast", "{\"city\":\"Oslo\"}").assertStatus(200).body();

    assertThat(answer.path("output").path("conditions").asString()).startsWith("snow, you sent Bearer ");
    assertThat(answer.toString()).doesNotContain(KEY);
    assertThat(api.received()).last().satisfies(r -> assertThat(r.authorization()).isEqualTo("Bearer " + KEY));
  }

  @Test
  void aToolCallsAnotherThroughToolCaller() throws Exception {
    JsonNode answer = call("plugin.relay.relay", "{\"tool\":\"plugin.echo.echo\",\"text\":\"relayed\"}").assertStatus(200).body();

    assertThat(answer.path("output").path("text").asString()).isEqualTo("relayed");
  }

  @Test
  void aSecretOfAnotherScopeIsRefusedAndItsOwnIsRedacted() throws Exception {
    JsonNode other = call("plugin.reads-other-secret.read", "{\"scope\":\"other\",\"name\":\"key\"}").assertStatus(200).body();
    JsonNode own = call("plugin.reads-other-secret.read", "{\"scope\":\"own\",\"name\":\"key\"}").assertStatus(200).body();

    assertThat(other.path("output").path("code").asString()).isEqualTo("permission_denied");
    assertThat(other.toString()).doesNotContain("other-value-2b9d");
    assertThat(own.toString()).doesNotContain("own-value-7f3e");
  }

  @Test
  void aNameThatResolvesToLoopbackIsRefused() throws Exception {
    JsonNode output = call("plugin.egress-dns-to-loopback.fetch",
        "{\"url\":\"http://localhost:" + gateway.gateway.url().getPort() + "/healthz\"}").assertStatus(200).body();

    assertThat(output.path("output").path("code").asString()).isEqualTo("permission_denied");
  }

  @Test
  void filesWriteInsideTheGrantAndNothingLeavesIt() throws Exception {
    Path outside = gateway.data.resolve("plugin-data/planted-target");

    call("plugin.writes-outside-dir.write", "{\"path\":\"out/ok.txt\",\"text\":\"inside\"}").assertStatus(200);
    TestGateway.Response escape = call("plugin.writes-outside-dir.write", "{\"path\":\"out/../../x\",\"text\":\"outside\"}");
    // planting a link with java.nio is the plugin's own act: the security manager refuses it
    TestGateway.Response plant =
        call("plugin.writes-outside-dir.plant", "{\"name\":\"link\",\"target\":\"" + outside + "\"}");

    assertThat(Files.readString(gateway.data.resolve("plugin-data/writes-outside-dir/files/out/ok.txt"))).isEqualTo("inside");
    assertThat(escape.status()).isEqualTo(502);
    assertThat(escape.body().toString()).contains("permission_denied");
    assertThat(plant.body().toString()).contains("AccessControlException");
    assertThat(gateway.data.resolve("plugin-data/writes-outside-dir/files/out/link")).doesNotExist();
    // out/../../x from files/ would land beside files/, in the plugin's data dir
    assertThat(gateway.data.resolve("plugin-data/writes-outside-dir/x")).doesNotExist();
  }
}
