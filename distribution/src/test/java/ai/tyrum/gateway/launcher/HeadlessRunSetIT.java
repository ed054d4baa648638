package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * A headless gateway (started in this JVM as {@code Main} starts it) logs the run-set warning on standard
 * output, where a service manager collects its log, and its {@code /healthz} tells a supervisor the same.
 */
class HeadlessRunSetIT {

  @TempDir
  Path temp;

  @Test
  void stoppedGatewayBundleIsLoggedOnStandardOutputAndMakesHealthz503() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
    Gateway gateway;
    try {
      gateway = Gateway.start(new GatewayOptions(GatewayStartIT.HOME, temp.resolve("data"), 0, "127.0.0.1", true));
    } finally {
      System.setOut(original);
    }
    try {
      Bundle policy = Arrays.stream(gateway.framework().getBundleContext().getBundles())
          .filter(b -> "gateway.policy".equals(b.getSymbolicName()))
          .findFirst()
          .orElseThrow();

      policy.stop();

      assertThat(log.toString(StandardCharsets.UTF_8)).contains("warning: gateway bundle gateway.policy ("
          + policy.getBundleId() + ") was stopped: the gateway cannot serve fully until it runs again; run felix:start "
          + policy.getBundleId() + "\n");
      HttpResponse<String> degraded = healthz(gateway);
      assertThat(degraded.statusCode()).isEqualTo(503);
      assertThat(degraded.body()).contains("\"code\":\"run_set_degraded\"");

      policy.start();

      assertThat(healthz(gateway).statusCode()).isEqualTo(200);
    } finally {
      gateway.stop();
    }
  }

  private static HttpResponse<String> healthz(Gateway gateway) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(gateway.url().resolve("/healthz")).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
