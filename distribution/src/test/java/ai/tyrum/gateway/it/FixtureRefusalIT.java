package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import tools.jackson.databind.JsonNode;

/**
 * Each hostile fixture plugin is refused with its reason, stays out of every surface, loads no class,
 * and the gateway keeps serving the others.
 */
class FixtureRefusalIT {

  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    TestGateway.await("echo is loaded", () -> gateway.pluginState("echo").equals("loaded"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @ParameterizedTest(name = "{0} is refused with {2}")
  @CsvSource({
    "bad-id, Bad_ID!, invalid_plugin_id",
    "path-escape, path-escape, path_escape",
    "missing-schema, missing-schema, missing_schema",
    "invalid-schema, invalid-schema, invalid_schema",
    "api-major-mismatch, api-next, api_major_mismatch",
    "imports-spi, imports-spi, forbidden_import",
    "plugin-mismatch, mismatch, plugin_mismatch",
    "undeclared-tool, undeclared-tool, undeclared_contribution"
  })
  void fixtureIsRefusedWithItsReason(String fixture, String pluginId, String reason) throws Exception {
    Path jar = gateway.fixtures.resolve("fixture." + fixture + "-1.0.0.jar");
    Bundle bundle = gateway.gateway.framework().getBundleContext().installBundle(jar.toUri().toString());
    try {
      bundle.start();
    } catch (BundleException expected) {
      // a refused plugin cannot resolve: the resolver hook keeps it out
    }
    TestGateway.await(pluginId + " is failed", () -> gateway.pluginState(pluginId).equals("failed"));

    JsonNode plugin = gateway.get("/plugins/" + java.net.URLEncoder.encode(pluginId, "UTF-8")).assertStatus(200).body();
    assertThat(plugin.path("reason").asString()).isEqualTo(reason);
    assertThat(plugin.path("details").size()).isPositive();
    assertThat(gateway.audited(pluginId, "failed")).isTrue();
    // its declared tools are listed as hidden because the plugin failed, and never served
    assertThat(gateway.shell("tool:list").lines().filter(l -> l.startsWith("plugin." + pluginId + ".")))
        .allSatisfy(line -> assertThat(line).contains(" no ").contains("plugin_failed"));
    if (!reason.equals("undeclared_contribution")) {
      assertThat(bundle.getState()).as("a refused plugin never resolves").isEqualTo(Bundle.INSTALLED);
    }

    // the others are still served
    assertThat(gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"still here\"}}").assertStatus(200)
            .body().path("output").path("text").asString())
        .isEqualTo("still here");
    bundle.uninstall();
  }
}
