package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A refused plugin that an operator tried to start stays marked started in the framework cache, and Felix
 * tries it again at every start: the refusal is an event and one warning line, never an ERROR with a stack
 * trace.
 */
class RefusedPluginRestartIT {

  @Test
  void aRefusedPluginMarkedStartedIsOneWarningLineAtTheNextStart() throws Exception {
    Path data;
    String token;
    String fixture = "file:" + Path.of(System.getProperty("tyrum.fixtures.dir", "target/fixtures"))
        .toAbsolutePath().resolve("fixture.path-escape-1.0.0.jar");
    try (TestGateway gateway = TestGateway.start()) {
      data = gateway.data;
      token = gateway.token;
      String id = gateway.shell("felix:install " + fixture).replaceAll("\\D+", "");
      // felix:start reports the BundleException as its value; the bundle is marked started all the same
      assertThat(gateway.shell("felix:start " + id)).contains("Resolver hook prevented resolution");
      TestGateway.await("path-escape is failed", () -> gateway.pluginState("path-escape").equals("failed"));
    }
    try (TestGateway gateway = TestGateway.restart(data, token)) {
      assertThat(gateway.startOutput)
          .contains("WARNING: bundle ai.tyrum.fixture.path-escape 1.0.0")
          .contains("not started: it does not resolve (plugin:list shows why)")
          .doesNotContain("ERROR")
          .doesNotContain("\tat org.apache.felix");
      assertThat(gateway.pluginState("path-escape")).isEqualTo("failed");
      assertThat(gateway.pluginState("echo")).isEqualTo("loaded");
    }
  }
}
