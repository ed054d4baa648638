package ai.tyrum.gateway.itest.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.TestBundle;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import tools.jackson.databind.JsonNode;

/**
 * The manifest-level checks and a missing activator on the plainest door, {@code installBundle} as
 * {@code felix:install} does it, with no marketplace in the framework: each hostile fixture ends
 * {@code failed} with its own reason in {@code plugin:list} and {@code GET /plugins}, a refused one never
 * resolves, and each leaves a {@code plugin.lifecycle} {@code failed} event naming its location and bundle.
 */
class HostileManifestsIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).plugin("echo").start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @ParameterizedTest(name = "{0} is failed with {1} and never resolves")
  @CsvSource({
    "exports-gateway-package, exports_reserved_package, ai.tyrum.gateway.toolkit",
    "exports-jackson, exports_reserved_package, tools.jackson.databind",
    "classpath-escape, classpath_escape, /opt/shared/evil.jar",
    "permission-without-reason, permission_without_reason, tyrum.permission=\"db\"",
    "native-code, native_code, Bundle-NativeCode",
    "dynamic-import-wildcard, dynamic_import_wildcard, org.*"
  })
  void refusedFixtureIsFailedWithItsReasonAndNeverResolves(String fixture, String reason, String named) {
    Bundle[] bundle = new Bundle[1];
    String printed = gateway.printedWhile(() -> {
      bundle[0] = gateway.install(gateway.fixture(fixture));
      gateway.awaitPluginState(fixture, "failed");
    });

    JsonNode plugin = gateway.http().get("/plugins/" + fixture).assertStatus(200).json();
    assertThat(plugin.path("reason").asString()).isEqualTo(reason);
    assertThat(details(plugin)).contains(named);
    assertThat(bundle[0].getState()).isEqualTo(Bundle.INSTALLED);
    assertThat(gateway.shell().run("plugin:list").assertSucceeded().console())
        .containsPattern(fixture + " +1\\.0\\.0 +failed +\\d+ ai\\.tyrum\\.fixture\\." + fixture + " +\\S+ +" + reason);
    assertFailedEventNames(gateway, bundle[0], reason);
    assertThat(printed.lines()).as("printed for an expected refusal").noneMatch(line -> line.contains("ERROR") || line.startsWith("\tat "));
  }

  @Test
  void pluginWhoseActivatorClassIsMissingIsFailedWithActivationFailed() throws IOException {
    Path jar = gateway.fixture("missing-activator");
    Bundle bundle;
    try (InputStream in = Files.newInputStream(jar)) {
      bundle = gateway.context().installBundle(jar.toUri().toString(), in);
    } catch (BundleException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(bundle::start).isInstanceOf(BundleException.class);

    gateway.awaitPluginState("missing-activator", "failed");
    JsonNode plugin = gateway.http().get("/plugins/missing-activator").assertStatus(200).json();
    assertThat(plugin.path("reason").asString()).isEqualTo("activation_failed");
    assertThat(details(plugin)).contains("ai.tyrum.fixture.missingactivator.Activator");
    assertThat(bundle.getState()).isEqualTo(Bundle.RESOLVED);
    assertFailedEventNames(gateway, bundle, "activation_failed");
  }

  @Test
  void pluginWhoseActivatorThrowsIsFailedWithActivationFailedAndTheOthersKeepServing() throws IOException {
    Path jar = gateway.fixture("throwing-activator");
    Bundle bundle;
    try (InputStream in = Files.newInputStream(jar)) {
      bundle = gateway.context().installBundle(jar.toUri().toString(), in);
    } catch (BundleException e) {
      throw new AssertionError(e);
    }
    assertThatThrownBy(bundle::start).isInstanceOf(BundleException.class);

    gateway.awaitPluginState("throwing-activator", "failed");
    JsonNode plugin = gateway.http().get("/plugins/throwing-activator").assertStatus(200).json();
    assertThat(plugin.path("reason").asString()).isEqualTo("activation_failed");
    assertThat(bundle.getState()).isEqualTo(Bundle.RESOLVED);
    assertFailedEventNames(gateway, bundle, "activation_failed");
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"up\"}}")
        .assertStatus(200).json().path("output").path("text").asString()).isEqualTo("up");
  }

  @ParameterizedTest(name = "a bundle that {0} but has no plugin identity is failed with not_a_plugin")
  @CsvSource(delimiter = '|', value = {
    "declares a tool | tyrum.attacks.tool-only | Provide-Capability | tyrum.tool;tyrum.tool=backdoor;plugin=echo;effect=read_only",
    "requires the plugin extender | tyrum.attacks.extender-only | Require-Capability | osgi.extender;filter:=\"(osgi.extender=tyrum.plugin)\""
  })
  void bundleThatClaimsToBeAPluginWithoutIdentityIsFailedAndNamedByLocation(String what, String symbolicName, String header, String value) {
    Bundle bundle = gateway.install(TestBundle.of(symbolicName, "1.0.0").header(header, value));

    Await.until(symbolicName + " is listed failed", () -> {
      for (JsonNode plugin : gateway.http().get("/plugins").assertStatus(200).json().path("plugins")) {
        if (plugin.path("bundle").asString().equals(symbolicName)) {
          return plugin.path("state").asString().equals("failed") && plugin.path("reason").asString().equals("not_a_plugin");
        }
      }
      return false;
    });
    assertThat(bundle.getState()).isEqualTo(Bundle.INSTALLED);
    assertFailedEventNames(gateway, bundle, "not_a_plugin");
  }

  static String details(JsonNode plugin) {
    List<String> lines = new ArrayList<>();
    plugin.path("details").forEach(line -> lines.add(line.asString()));
    return String.join("\n", lines);
  }

  /** A {@code plugin.lifecycle} {@code failed} event with {@code reason} names the bundle's location and symbolic name. */
  static void assertFailedEventNames(GatewayFramework gateway, Bundle bundle, String reason) {
    Await.until("a failed event for " + bundle.getLocation(), () -> failedEvents(gateway, reason).stream().anyMatch(payload ->
        payload.path("location").asString().equals(bundle.getLocation())
            && payload.path("plugin").path("bundle").asString().equals(bundle.getSymbolicName())));
  }

  private static List<JsonNode> failedEvents(GatewayFramework gateway, String reason) {
    List<JsonNode> found = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode events = gateway.http().get("/events?after=" + after).assertStatus(200).json().path("events");
      if (events.isEmpty()) {
        return found;
      }
      for (JsonNode event : events) {
        JsonNode payload = event.path("payload");
        if (event.path("type").asString().equals("plugin.lifecycle") && payload.path("kind").asString().equals("failed")
            && payload.path("reason").asString().equals(reason)) {
          found.add(payload);
        }
        after = event.path("seq").asLong();
      }
    }
  }
}
