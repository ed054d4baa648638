package ai.tyrum.gateway.itest.hardened;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.it.TestGateway;
import ai.tyrum.gateway.launcher.SecurityPosture;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import tools.jackson.databind.JsonNode;

/**
 * Hardened mode (DESIGN section 6) on a real gateway: the example plugins work with their grants, and
 * each attack that only the security manager can stop is stopped while the gateway keeps serving the
 * other plugins. Runs in a JVM of its own (failsafe execution {@code hardened}): the security manager
 * Felix installs is the JVM's.
 */
class HardenedModeIT {

  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start(SecurityPosture.Requested.on);
    for (String fixture : List.of("opens-socket", "calls-system-exit", "reflects-into-core", "gets-other-plugin-service",
        "installs-bundle", "servlet-takeover", "undeclared-tool")) {
      gateway.shell("plugin:install " + fixture(fixture));
    }
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  /** After every attack the gateway is up and serves the other plugins. */
  @AfterEach
  void theGatewayStillServesEcho() throws Exception {
    assertThat(gateway.get("/status").assertStatus(200).body().path("status").asString()).isEqualTo("ready");
    assertThat(gateway.shell("tool:call plugin.echo.echo '{\"text\":\"still here\"}'")).contains("\"text\" : \"still here\"");
  }

  private static Path fixture(String name) throws Exception {
    try (var jars = Files.list(gateway.fixtures)) {
      return jars.filter(j -> j.getFileName().toString().startsWith("fixture." + name + "-1.")).findFirst().orElseThrow();
    }
  }

  private static JsonNode call(String tool, String input) throws Exception {
    JsonNode response = gateway.post("/tools/" + tool + "/invoke", "{\"input\":" + input + "}").assertStatus(200).body();
    return response.path("output");
  }

  @Test
  void statusShowsHardenedModeOnAndWhy() throws Exception {
    JsonNode security = gateway.get("/status").assertStatus(200).body().path("security");

    assertThat(security.path("requested").asString()).isEqualTo("on");
    assertThat(security.path("mode").asString()).isEqualTo("on");
    assertThat(security.path("reason").asString()).contains("Felix security manager");
    assertThat(gateway.shell("gateway:status")).contains("\"mode\":\"on\"");
    assertThat(System.getSecurityManager()).isNotNull();
  }

  @Test
  void theExamplePluginsWorkWithTheirGrants() throws Exception {
    assertThat(call("plugin.echo.echo", "{\"text\":\"hi\"}").path("text").asString()).isEqualTo("hi");
    // notes holds db:plugin and keeps its notebook in a DS service of its own package
    assertThat(gateway.pluginState("notes")).isEqualTo("loaded");
    Files.writeString(gateway.data.resolve("policy/agents/ops.yml"), "tools:\n  allow: [plugin.notes.add_note, plugin.notes.list_notes]\n");
    gateway.shell("policy:reload");
    assertThat(gateway.shell("tool:call --agent ops plugin.notes.add_note '{\"title\":\"t\",\"body\":\"b\"}'")).contains("\"title\" : \"t\"");
    assertThat(gateway.shell("tool:call --agent ops plugin.notes.list_notes '{}'")).contains("\"title\" : \"t\"");
  }

  @Test
  void aDirectSocketIsRefused() throws Exception {
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      JsonNode output = call("plugin.opens-socket.connect", "{\"port\":" + server.getLocalPort() + "}");

      assertThat(output.path("done").asBoolean()).isFalse();
      assertThat(output.path("error").asString()).startsWith("java.security.AccessControlException")
          .contains("java.net.SocketPermission", ":" + server.getLocalPort(), "connect");
    }
  }

  @Test
  void systemExitIsRefusedAndTheGatewayStaysUp() throws Exception {
    JsonNode output = call("plugin.calls-system-exit.exit", "{}");

    assertThat(output.path("done").asBoolean()).isFalse();
    assertThat(output.path("error").asString()).startsWith("java.security.AccessControlException").contains("exitVM.3");
  }

  @Test
  void loadingACoreClassThroughTheFrameworkIsRefused() throws Exception {
    JsonNode output = call("plugin.reflects-into-core.reflect", "{}");

    assertThat(output.path("done").asBoolean()).isFalse();
    assertThat(output.path("loaded").asBoolean()).isFalse();
    // Felix answers a class load without AdminPermission "class" with this exception
    assertThat(output.path("error").asString()).isEqualTo("java.lang.ClassNotFoundException: No permission.");
  }

  @Test
  void anotherPluginsToolServiceIsNotEvenVisible() throws Exception {
    JsonNode output = call("plugin.gets-other-plugin-service.call_echo", "{}");

    assertThat(output.path("done").asBoolean()).isFalse();
    assertThat(output.path("found").asBoolean()).isFalse();
  }

  @Test
  void installingABundleIsRefusedBeforeTheGatewaysGate() throws Exception {
    long bundles = gateway.gateway.framework().getBundleContext().getBundles().length;

    JsonNode output = call("plugin.installs-bundle.install_other", "{}");

    assertThat(output.path("installed").asBoolean()).isFalse();
    assertThat(output.path("error").asString()).startsWith("AccessControlException")
        .contains("org.osgi.framework.AdminPermission", "lifecycle");
    assertThat(gateway.gateway.framework().getBundleContext().getBundles()).hasSize((int) bundles);
  }

  @Test
  void aServletRegistrationIsRefusedByTheSecurityManager() throws Exception {
    Bundle takeover = bundle("ai.tyrum.fixture.servlet-takeover");

    ServiceReference<?>[] registered = takeover.getRegisteredServices();

    assertThat(registered == null ? List.of() : List.of(registered))
        .noneMatch(r -> String.join(",", (String[]) r.getProperty("objectClass")).contains("Servlet"));
    assertThat(gateway.get("/events?after=0").assertStatus(200).body().path("events").isArray()).isTrue();
  }

  @Test
  void theGatewaysOwnChecksStillRefuseAnUndeclaredTool() throws Exception {
    TestGateway.await("undeclared-tool failed", () -> gateway.pluginState("undeclared-tool").equals("failed"));

    assertThat(gateway.auditRecords()).anyMatch(r -> r.toString().contains("undeclared_contribution"));
    assertThat(gateway.shell("tool:list")).doesNotContain("hidden");
  }

  private static Bundle bundle(String symbolicName) {
    for (Bundle bundle : gateway.gateway.framework().getBundleContext().getBundles()) {
      if (symbolicName.equals(bundle.getSymbolicName())) {
        return bundle;
      }
    }
    throw new AssertionError("no bundle " + symbolicName);
  }
}
