package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.GatewayHttp;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.PluginInstaller;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.ServiceRegistration;
import tools.jackson.databind.JsonNode;

/**
 * The plugin operations and the marketplace over HTTP, with the marketplace's {@link PluginInstaller}
 * played by the test: what reaches the installer (typed request, the asking token as actor), who may
 * ask (operator.admin only), what is refused before it (malformed bodies, with their pointer), how the
 * installer's refusals are answered, and what the API says without a marketplace.
 */
class PluginOperationsHttpIT {

  /** Every route of the plugin operations and the marketplace, with a body each accepts. */
  private static final List<String[]> ROUTES = List.of(
      new String[] {"POST", "/plugins/install", "{\"id\":\"echo\"}"},
      new String[] {"POST", "/plugins/echo/upgrade", "{}"},
      new String[] {"DELETE", "/plugins/echo", null},
      new String[] {"POST", "/plugins/echo/enable", "{}"},
      new String[] {"POST", "/plugins/echo/disable", "{}"},
      new String[] {"POST", "/plugins/echo/grant", "{\"permissions\":[\"db:plugin\"]}"},
      new String[] {"POST", "/plugins/echo/revoke", "{\"permissions\":[\"db:plugin\"]}"},
      new String[] {"GET", "/marketplace/search?q=weather", null},
      new String[] {"GET", "/marketplace/plugins/weather", null},
      new String[] {"GET", "/marketplace/verify", null});

  private static GatewayFramework gateway;
  private static GatewayHttp operator;
  private final FakePluginInstaller installer = new FakePluginInstaller();
  private ServiceRegistration<PluginInstaller> registration;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .token("operator", "operator.admin")
        .token("writer", "operator.write")
        .token("reader", "operator.read")
        .plugin("echo")
        .start();
    gateway.awaitPluginState("echo", "loaded");
    operator = gateway.http().withToken(gateway.token("operator"));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @BeforeEach
  void registerInstaller() {
    registration = gateway.register(PluginInstaller.class, installer);
  }

  @AfterEach
  void unregisterInstaller() {
    if (registration != null) {
      registration.unregister();
    }
  }

  @Test
  void installFromACatalogReachesTheInstallerTypedAndInTheNameOfTheToken() {
    JsonNode answer = operator.post("/plugins/install",
        "{\"id\":\"echo\",\"version\":\"1.0.0\",\"grants\":[\"db:plugin\"],\"approval\":\"apr_1\"}").assertStatus(200).json();

    assertThat(answer.path("id").asString()).isEqualTo("echo");
    assertThat(answer.path("state").asString()).isEqualTo("loaded");
    assertThat(installer.asked()).containsExactly("install catalog echo 1.0.0 [db:plugin] apr_1 token:operator");
  }

  @Test
  void installOfALocalJarCarriesItsAbsolutePathAndDigest() {
    String sha = "ef".repeat(32);
    operator.post("/plugins/install", "{\"file\":\"/srv/jars/echo.jar\",\"sha256\":\"" + sha + "\"}").assertStatus(200);

    assertThat(installer.asked()).containsExactly("install file /srv/jars/echo.jar " + sha + " [] - token:operator");
  }

  @Test
  void everyOperationReachesTheInstallerWithItsPathBodyAndQuery() {
    operator.post("/plugins/echo/upgrade", "{\"version\":\"1.1.0\",\"grants\":[\"db:plugin\"],\"approval\":\"apr_2\"}").assertStatus(200);
    operator.post("/plugins/echo/upgrade", "").assertStatus(200);
    operator.delete("/plugins/echo?purge=true").assertStatus(200);
    operator.delete("/plugins/echo").assertStatus(200);
    operator.post("/plugins/echo/enable", "{\"approval\":\"apr_3\"}").assertStatus(200);
    operator.post("/plugins/echo/disable", "").assertStatus(200);
    operator.post("/plugins/echo/grant", "{\"permissions\":[\"network.egress:api.example.com:443\"]}").assertStatus(200);
    JsonNode revoked = operator.post("/plugins/echo/revoke", "{\"permissions\":[\"db:plugin\"]}").assertStatus(200).json();

    assertThat(revoked.path("state").asString()).isEqualTo("pending_approval");
    assertThat(installer.asked()).containsExactly(
        "upgrade echo 1.1.0 [db:plugin] apr_2 token:operator",
        "upgrade echo newest [] - token:operator",
        "uninstall echo purge=true token:operator",
        "uninstall echo purge=false token:operator",
        "enable echo apr_3 token:operator",
        "disable echo token:operator",
        "grant echo [network.egress:api.example.com:443] token:operator",
        "revoke echo [db:plugin] token:operator");
  }

  @Test
  void theMarketplaceIsSearchedReadAndVerifiedThroughTheInstaller() {
    JsonNode found = operator.get("/marketplace/search?q=weath").assertStatus(200).json();
    JsonNode weather = operator.get("/marketplace/plugins/weather").assertStatus(200).json();
    JsonNode verified = operator.get("/marketplace/verify").assertStatus(200).json();

    assertThat(found.path("plugins").get(0).path("id").asString()).isEqualTo("weather");
    assertThat(weather.path("requested").get(0).path("reason").asString()).isEqualTo("reads the forecast");
    assertThat(verified.path("plugins").get(0).path("verdict").asString()).isEqualTo("ok");
    assertThat(operator.get("/marketplace/plugins/nope").assertStatus(404).errorCode()).isEqualTo("unknown_plugin");
    assertThat(installer.asked()).containsExactly("search weath", "info weather", "verify", "info nope");
  }

  @Test
  void onlyAnOperatorAdminTokenMayRunThemAndARefusedCallNeverReachesTheInstaller() {
    for (String name : List.of("writer", "reader")) {
      GatewayHttp narrower = gateway.http().withToken(gateway.token(name));
      for (String[] route : ROUTES) {
        HttpResult refused = narrower.send(route[0], route[1], route[2]);
        assertThat(refused.status()).as("%s %s %s", name, route[0], route[1]).isEqualTo(403);
        assertThat(refused.errorCode()).isEqualTo("forbidden_scope");
      }
    }
    assertThat(gateway.http().withoutToken().post("/plugins/install", "{\"id\":\"echo\"}").status()).isEqualTo(401);
    assertThat(installer.asked()).isEmpty();
  }

  @Test
  void theGatewayWideAdminTokenMayRunThemToo() {
    gateway.http().post("/plugins/echo/disable", "").assertStatus(200);

    assertThat(installer.asked()).containsExactly("disable echo token:" + GatewayFramework.ADMIN_TOKEN);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/plugins/install     | {\"id\":\"echo\",\"file\":\"/srv/echo.jar\"}      | /file",
      "/plugins/install     | {\"version\":\"1.0.0\"}                         | /id",
      "/plugins/install     | {\"id\":\"echo\",\"grants\":[\"db:plugin\",1]}  | /grants/1",
      "/plugins/install     | {\"file\":\"echo.jar\"}                         | /file",
      "/plugins/install     | {\"id\":\"echo\",\"force\":true}                | /force",
      "/plugins/echo/upgrade| {\"version\":1}                                 | /version",
      "/plugins/echo/enable | {\"approval\":[\"apr_1\"]}                      | /approval",
      "/plugins/echo/disable| {\"reason\":\"tired\"}                          | /reason",
      "/plugins/echo/grant  | {\"permissions\":[]}                            | /permissions",
      "/plugins/echo/revoke | {\"permission\":\"db:plugin\"}                  | /permission"})
  void aMalformedBodyIsRefusedWithItsPointerAndChangesNothing(String path, String body, String pointer) {
    HttpResult refused = operator.post(path, body).assertStatus(400);

    assertThat(refused.errorCode()).isEqualTo("invalid_request");
    assertThat(refused.json().path("error").path("details").get(0).asString()).isEqualTo(pointer);
    assertThat(refused.json().path("error").path("message").asString()).isNotBlank();
    assertThat(installer.asked()).isEmpty();
  }

  @Test
  void aPurgeThatIsNeitherTrueNorFalseIsRefused() {
    HttpResult refused = operator.delete("/plugins/echo?purge=yes").assertStatus(400);

    assertThat(refused.errorCode()).isEqualTo("invalid_request");
    assertThat(installer.asked()).isEmpty();
  }

  @Test
  void theInstallersRefusalIsAnsweredWithItsStatusCodeAndDetails() {
    JsonNode error = operator.post("/plugins/nope/enable", "").assertStatus(404).json().path("error");

    assertThat(error.path("code").asString()).isEqualTo("unknown_plugin");
    assertThat(error.path("message").asString()).contains("no plugin nope");
    assertThat(error.path("details").get(0).asString()).isEqualTo("id");
  }

  @Test
  void withoutTheMarketplaceEveryRouteIsUnavailableWhateverTheBody() {
    registration.unregister();
    registration = null;

    for (String[] route : ROUTES) {
      HttpResult refused = operator.send(route[0], route[1], route[2]);
      assertThat(refused.status()).as("%s %s", route[0], route[1]).isEqualTo(503);
      assertThat(refused.errorCode()).isEqualTo("marketplace_unavailable");
    }
    assertThat(operator.post("/plugins/install", "{\"nonsense\":1}").assertStatus(503).errorCode()).isEqualTo("marketplace_unavailable");
    // the rest of the API does not wait for the marketplace
    operator.get("/plugins").assertStatus(200);
  }
}
