package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import tools.jackson.databind.JsonNode;

/**
 * A plain felix:install at the operator console (DESIGN section 5, "Gate"): the bytes the framework holds
 * are verified as a local install; a valid jar loads with origin {@code console}, one that requests a
 * permission stays INSTALLED as pending_approval and the console says what to run; with
 * {@code local_installs: false} every local door refuses.
 */
class ConsoleDoorIT {

  private static GatewayFramework.Builder marketplace() {
    return GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace");
  }

  /** What the console shows for {@code line}: the command's output and what the gateway printed meanwhile. */
  private static String atConsole(GatewayFramework gateway, String line) {
    String[] console = new String[1];
    String printed = gateway.printedWhile(() -> console[0] = gateway.shell().run(line).assertSucceeded().console());
    return console[0] + printed;
  }

  @Test
  void felixInstallOfAValidJarLoadsItWithOriginConsole() {
    try (GatewayFramework gateway = marketplace().start()) {
      Installed.ready(gateway);
      Path jar = gateway.fixture("versioned-1.0.0");

      String console = atConsole(gateway, "felix:install -s " + jar.toUri());

      assertThat(console).contains("plugin versioned 1.0.0 is verified");
      gateway.awaitPluginState("versioned", "loaded");
      JsonNode source = Installed.lockEntry(gateway, "versioned").path("source");
      assertThat(source.path("kind").asString()).isEqualTo("console");
      assertThat(source.path("location").asString()).isEqualTo(jar.toUri().toString());
    }
  }

  @Test
  void felixInstallOfAJarRequestingAPermissionWaitsAndSaysWhatToRun() {
    try (GatewayFramework gateway = marketplace().start()) {
      Installed.ready(gateway);
      Path jar = gateway.fixture("versioned-2.0.0");

      String console = atConsole(gateway, "felix:install " + jar.toUri());

      assertThat(console).contains("waits for an operator", "plugin:grant versioned db:plugin");
      gateway.awaitPluginState("versioned", "pending_approval");
      assertThat(Installed.bundle(gateway, jar.toUri().toString()).getState()).isEqualTo(Bundle.INSTALLED);

      gateway.shell().run("plugin:grant versioned db:plugin").assertSucceeded();

      gateway.awaitPluginState("versioned", "loaded");
    }
  }

  @Test
  void withLocalInstallsDisabledEveryLocalDoorRefuses() {
    try (GatewayFramework gateway = marketplace().dataFile("policy/deployment.yml", "plugins:\n  local_installs: false\n").start()) {
      Installed.ready(gateway);
      Path jar = gateway.fixture("versioned-1.0.0");
      String before = Installed.snapshot(gateway);
      var store = Installed.store(gateway);
      long seq = Installed.lastSeq(gateway);

      assertThat(gateway.shell().run("plugin:install " + jar).assertFailed().console()).contains("error local_installs_disabled:");
      assertThat(gateway.http().post("/plugins/install", "{\"file\":\"" + jar + "\"}").assertStatus(403).errorCode())
          .isEqualTo("local_installs_disabled");
      assertThat(Installed.snapshot(gateway)).isEqualTo(before);

      String console = atConsole(gateway, "felix:install -s " + jar.toUri());

      assertThat(console).contains("error local_installs_disabled:", "never resolves");
      Bundle refused = Installed.bundle(gateway, jar.toUri().toString());
      assertThat(refused.getState()).isEqualTo(Bundle.INSTALLED);
      assertThat(Installed.lockfile(gateway).path("plugins").has("versioned")).isFalse();
      assertThat(Installed.store(gateway)).isEqualTo(store);
      assertThat(Installed.lifecycle(gateway, seq, "failed")).hasSize(3)
          .allSatisfy(e -> assertThat(e.path("reason").asString()).isEqualTo("local_installs_disabled"))
          .anySatisfy(e -> assertThat(e.path("location").asString()).isEqualTo(jar.toUri().toString()));
      assertThat(gateway.pluginState("versioned")).isNotEqualTo("loaded");
    }
  }
}
