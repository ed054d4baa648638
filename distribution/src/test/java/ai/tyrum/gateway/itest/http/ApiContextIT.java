package ai.tyrum.gateway.itest.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.GatewayHttp;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code tyrum} servlet context over the real HTTP whiteboard: one token check for every resource,
 * with each route's scope from the route table, and a plugin route's from its declaration.
 */
class ApiContextIT {

  private static final String READER = "tyr_reader-token";
  private static final String INVOKER = "tyr_invoker-token";

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).plugin("echo").start();
    OperatorTokens.add(gateway, Map.of(READER, Set.of("operator.read"), INVOKER, Set.of("tools.invoke")));
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void healthzIsPublicAndNeverCached() {
    HttpResult health = anonymous().get("/healthz").assertStatus(200);

    assertThat(health.json().path("status").asString()).isEqualTo("ok");
    assertThat(health.headers().firstValue("Cache-Control")).contains("no-store");
  }

  @Test
  void everyOtherResourceRefusesARequestWithoutAValidToken() {
    for (String path : new String[] {"/status", "/plugins", "/plugins/echo", "/tools", "/approvals", "/events",
        "/audit/verify", "/export", "/plugins/echo/config", "/plugins/echo/config/schema", "/plugins/echo/rpc/ping"}) {
      HttpResult refused = anonymous().get(path).assertStatus(401);
      assertThat(refused.errorCode()).as(path).isEqualTo("unauthenticated");
      assertThat(refused.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
      assertThat(gateway.http().withToken("tyr_forged").get(path).status()).as(path).isEqualTo(401);
    }
  }

  @Test
  void readingTokenReadsButNeitherWritesNorInvokes() {
    GatewayHttp reader = gateway.http().withToken(READER);

    reader.get("/status").assertStatus(200);
    JsonNode write = reader.put("/plugins/echo/config", "{\"greeting\":\"hi\"}").assertStatus(403).json();
    assertThat(write.path("error").path("code").asString()).isEqualTo("forbidden_scope");
    assertThat(details(write)).isEqualTo("[\"operator.write\"]");
    assertThat(details(reader.post("/commands/execute", "{\"text\":\"/echo hi\"}").assertStatus(403).json()))
        .isEqualTo("[\"tools.invoke\"]");
  }

  @Test
  void invokingTokenInvokesButReadsNothing() {
    GatewayHttp invoker = gateway.http().withToken(INVOKER);

    assertThat(invoker.post("/commands/execute", "{\"text\":\"/echo hi\"}").assertStatus(200).json().path("output").asString())
        .isEqualTo("hi");
    assertThat(invoker.get("/plugins").assertStatus(403).errorCode()).isEqualTo("forbidden_scope");
  }

  @Test
  void pluginRouteTakesTheScopeItsPluginDeclares() {
    // echo declares GET ping with scope operator.read
    assertThat(gateway.http().withToken(READER).get("/plugins/echo/rpc/ping").assertStatus(200).json().path("ok").asBoolean())
        .isTrue();
    assertThat(details(gateway.http().withToken(INVOKER).get("/plugins/echo/rpc/ping").assertStatus(403).json()))
        .isEqualTo("[\"operator.read\"]");
    HttpResult wrongMethod = gateway.http().post("/plugins/echo/rpc/ping", "{}").assertStatus(405);
    assertThat(wrongMethod.headers().firstValue("Allow")).contains("GET");
    assertThat(gateway.http().get("/plugins/echo/rpc/nothing").assertStatus(404).errorCode()).isEqualTo("unknown_route");
    assertThat(anonymous().get("/plugins/echo/rpc/nothing").assertStatus(401).errorCode()).isEqualTo("unauthenticated");
  }

  @Test
  void unknownPathIsNotFoundAndAKnownOneWithAnotherMethodSaysWhichAreAllowed() {
    assertThat(anonymous().get("/ping").assertStatus(404).errorCode()).isEqualTo("not_found");
    assertThat(gateway.http().get("/status/").assertStatus(404).errorCode()).isEqualTo("not_found");

    HttpResult config = gateway.http().delete("/plugins/echo/config").assertStatus(405);
    assertThat(config.errorCode()).isEqualTo("method_not_allowed");
    assertThat(config.headers().firstValue("Allow")).contains("GET, PUT");
  }

  @Test
  void bodyThatIsNotOneSmallJsonObjectIsRefusedInTheErrorShape() {
    assertThat(gateway.http().post("/commands/execute", "{\"text\":").assertStatus(400).errorCode()).isEqualTo("invalid_json");
    assertThat(gateway.http().post("/commands/execute", "[]").assertStatus(400).errorCode()).isEqualTo("invalid_json");
    String huge = "{\"text\":\"" + "x".repeat(1024 * 1024) + "\"}";
    assertThat(gateway.http().post("/commands/execute", huge).assertStatus(413).errorCode()).isEqualTo("body_too_large");
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"no such agent!\",\"input\":{}}")
        .assertStatus(400).errorCode()).isEqualTo("invalid_agent");
  }

  /** {@code error.details} of an error body, as JSON text. */
  private static String details(JsonNode body) {
    return body.path("error").path("details").toString();
  }

  private static GatewayHttp anonymous() {
    return gateway.http().withoutToken();
  }
}
