package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.startlevel.BundleStartLevel;

/** Starts the assembled distribution (target/gateway) in this JVM, as other integration tests will. */
class GatewayStartIT {
  static final Path HOME = Path.of(System.getProperty("tyrum.gateway.home", "target/gateway"));

  @TempDir
  Path temp;

  @Test
  void startsOnAFreePortAnswersHealthzRunsTheCoreAndKeepsItsDataDirToItself() throws Exception {
    Gateway gateway = Gateway.start(new GatewayOptions(HOME, temp.resolve("data"), 0, "127.0.0.1", true));
    try {
      HttpResponse<String> health = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(gateway.url().resolve("/healthz")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(gateway.url().getPort()).isPositive();
      assertThat(Arrays.stream(gateway.framework().getBundleContext().getBundles())
          .filter(b -> "gateway.core".equals(b.getSymbolicName())))
          .singleElement()
          .extracting(Bundle::getState)
          .isEqualTo(Bundle.ACTIVE);
      assertThat(Arrays.stream(gateway.framework().getBundleContext().getBundles())
          .filter(b -> b.getLocation().startsWith("tyrum:plugin:")))
          .as("the example plugins the first start installed from the bundled catalog")
          .isNotEmpty()
          .allSatisfy(plugin -> assertThat(plugin.adapt(BundleStartLevel.class).getStartLevel()).isEqualTo(RunBundles.PLUGINS_LEVEL));
      assertThatThrownBy(() -> Gateway.start(new GatewayOptions(HOME, temp.resolve("data"), 0, "127.0.0.1", true)))
          .as("a second gateway on the same data dir")
          .isInstanceOf(LaunchException.class)
          .hasMessageContaining("in use by another gateway");
    } finally {
      gateway.stop();
    }
    assertThat(gateway.framework().getState()).isEqualTo(Bundle.RESOLVED);
  }
}
