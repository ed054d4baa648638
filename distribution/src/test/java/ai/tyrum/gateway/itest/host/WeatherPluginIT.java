package ai.tyrum.gateway.itest.host;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.lib.testing.LocalServer;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The weather example end to end, as an operator sets it up: the bundled catalog installs it at the first
 * start with its grants, policy defines the egress class {@code weather-api} as a local server (the weather
 * API) and allowlists the tool, the config points {@code base_url} at it and {@code secret:set} stores the
 * key. The forecast comes back; the API saw the key as a bearer token; the caller never sees the key, even
 * when the API echoes it into the forecast.
 */
class WeatherPluginIT {

  private static final String KEY = "wk-5e3c1d9a7b";
  private static final String TOOL = "/tools/plugin.weather.forecast/invoke";

  private static LocalServer api;
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    // the weather API: a forecast for the city asked, whose conditions repeat the authorization it was sent
    api = LocalServer.start(exchange -> {
      String city = URLDecoder.decode(exchange.getRequestURI().getRawQuery().substring("city=".length()), StandardCharsets.UTF_8);
      String sent = String.valueOf(exchange.getRequestHeaders().getFirst("authorization"));
      String forecast = "{\"city\":\"" + city + "\",\"temperature_c\":4.5,\"conditions\":\"light rain, you sent " + sent + "\"}";
      exchange.getResponseHeaders().add("content-type", "application/json");
      LocalServer.respond(exchange, 200, forecast.getBytes(StandardCharsets.UTF_8));
    });
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .withBundle("gateway.marketplace")
        .dataFile("policy/deployment.yml", String.join("\n",
            "version: 1",
            "tools:",
            "  allow: [plugin.weather.forecast]",
            "egress_classes:",
            "  weather-api: [" + api.endpoint() + "]",
            ""))
        .dataFile("config/weather.json", "{\"base_url\":\"" + api.url("") + "\"}")
        .start();
    gateway.service(PluginLock.class);
    gateway.awaitPluginState("weather", "loaded");
    gateway.shell().run("secret:set weather api_key " + KEY).assertSucceeded();
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

  @Test
  void forecastComesBackAndTheKeyNeverReachesTheCaller() {
    HttpResult result = gateway.http().post(TOOL, "{\"agent\":\"default\",\"input\":{\"city\":\"Oslo\"}}").assertStatus(200);

    JsonNode output = result.json().path("output");
    assertThat(output.path("city").asString()).isEqualTo("Oslo");
    assertThat(output.path("temperature_c").asDouble()).isEqualTo(4.5);
    assertThat(output.path("conditions").asString()).startsWith("light rain, you sent Bearer ");
    assertThat(result.body()).doesNotContain(KEY);
    assertThat(api.received()).last().satisfies(request -> {
      assertThat(request.path()).isEqualTo("/v1/forecast?city=Oslo");
      assertThat(request.authorization()).isEqualTo("Bearer " + KEY);
    });
  }

  @Test
  void keyIsInNoEventNorTheAuditLog() throws IOException {
    gateway.http().post(TOOL, "{\"agent\":\"default\",\"input\":{\"city\":\"Bergen\"}}").assertStatus(200);

    assertThat(gateway.http().get("/events?after=0").assertStatus(200).body()).doesNotContain(KEY);
    try (var files = Files.walk(gateway.data().resolve("audit"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain(KEY);
      }
    }
  }

  @Test
  void withoutTheEgressClassTheRequestIsRefused() throws IOException {
    Path policy = gateway.data().resolve("policy/deployment.yml");
    String before = Files.readString(policy);
    Files.writeString(policy, "version: 1\ntools:\n  allow: [plugin.weather.forecast]\n");
    gateway.shell().run("policy:reload").assertSucceeded();
    try {
      HttpResult refused = gateway.http().post(TOOL, "{\"agent\":\"default\",\"input\":{\"city\":\"Oslo\"}}").assertStatus(502);

      assertThat(refused.errorCode()).isEqualTo("plugin_error");
      assertThat(refused.json().path("error").path("details").toString()).isEqualTo("[\"permission_denied\"]");
      assertThat(refused.body()).doesNotContain(KEY);
    } finally {
      Files.writeString(policy, before);
      gateway.shell().run("policy:reload").assertSucceeded();
    }
  }
}
