package ai.tyrum.gateway.itest.token;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the API with a scope (the table {@code RouteTableTest} pins), called with a token
 * holding only a smaller scope: each is 403 {@code forbidden_scope} naming the scope it needs, before
 * anything is done.
 */
class RouteScopesIT {

  /** For each scope a route needs, the scope just short of it (operator.admin does not imply tools.invoke). */
  private static final Map<String, String> SMALLER = Map.of(
      "operator.read", "tools.invoke",
      "operator.write", "operator.read",
      "operator.admin", "operator.write",
      "tools.invoke", "operator.admin");

  private record Endpoint(String method, String path, String scope) {}

  private static final List<Endpoint> TABLE = List.of(
      new Endpoint("GET", "/status", "operator.read"),
      new Endpoint("GET", "/plugins", "operator.read"),
      new Endpoint("GET", "/plugins/echo", "operator.read"),
      new Endpoint("GET", "/plugins/echo/config", "operator.read"),
      new Endpoint("PUT", "/plugins/echo/config", "operator.write"),
      new Endpoint("GET", "/plugins/echo/config/schema", "operator.read"),
      new Endpoint("GET", "/plugins/echo/rpc/ping", "operator.read"),
      new Endpoint("GET", "/tools", "operator.read"),
      new Endpoint("POST", "/tools/plugin.echo.echo/invoke", "tools.invoke"),
      new Endpoint("POST", "/commands/execute", "tools.invoke"),
      new Endpoint("GET", "/approvals", "operator.read"),
      new Endpoint("POST", "/approvals/apr_1/approve", "operator.write"),
      new Endpoint("POST", "/approvals/apr_1/deny", "operator.write"),
      new Endpoint("GET", "/events", "operator.read"),
      new Endpoint("GET", "/audit/verify", "operator.read"),
      new Endpoint("GET", "/export", "operator.read"),
      new Endpoint("POST", "/plugins/install", "operator.admin"),
      new Endpoint("POST", "/plugins/echo/upgrade", "operator.admin"),
      new Endpoint("DELETE", "/plugins/echo", "operator.admin"),
      new Endpoint("POST", "/plugins/echo/enable", "operator.admin"),
      new Endpoint("POST", "/plugins/echo/disable", "operator.admin"),
      new Endpoint("POST", "/plugins/echo/grant", "operator.admin"),
      new Endpoint("POST", "/plugins/echo/revoke", "operator.admin"),
      new Endpoint("GET", "/marketplace/search", "operator.admin"),
      new Endpoint("GET", "/marketplace/plugins/echo", "operator.admin"),
      new Endpoint("GET", "/marketplace/verify", "operator.admin"),
      new Endpoint("GET", "/tokens", "operator.admin"),
      new Endpoint("POST", "/tokens", "operator.admin"),
      new Endpoint("DELETE", "/tokens/bootstrap", "operator.admin"),
      new Endpoint("GET", "/secrets", "operator.admin"),
      new Endpoint("PUT", "/secrets/github/token", "operator.admin"),
      new Endpoint("DELETE", "/secrets/github/token", "operator.admin"));

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).plugin("echo").start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aTokenWithOnlyASmallerScopeIsForbiddenOnEveryRoute() {
    Map<String, String> tokens = Map.of(
        "tools.invoke", create("tools.invoke"),
        "operator.read", create("operator.read"),
        "operator.write", create("operator.write"),
        "operator.admin", create("operator.admin"));
    long echoLoaded = gateway.http().get("/plugins").json().path("plugins").size();

    for (Endpoint endpoint : TABLE) {
      String smaller = SMALLER.get(endpoint.scope());
      HttpResult refused = gateway.http().withToken(tokens.get(smaller)).send(endpoint.method(), endpoint.path(), "{}");
      String what = endpoint.method() + " " + endpoint.path() + " with " + smaller;
      assertThat(refused.status()).as(what).isEqualTo(403);
      assertThat(refused.errorCode()).as(what).isEqualTo("forbidden_scope");
      assertThat(refused.json().path("error").path("details").toString()).as(what).isEqualTo("[\"" + endpoint.scope() + "\"]");
    }

    // nothing a refused request named was done
    assertThat(gateway.pluginState("echo")).isEqualTo("loaded");
    assertThat(gateway.http().get("/plugins").json().path("plugins").size()).isEqualTo(echoLoaded);
    assertThat(gateway.http().get("/tokens").json().toString()).contains("\"id\":\"bootstrap\"").doesNotContain("revoked");
  }

  private static String create(String scope) {
    return gateway.http().post("/tokens", "{\"scopes\":[\"" + scope + "\"]}").assertStatus(201).json().path("token").asString();
  }
}
