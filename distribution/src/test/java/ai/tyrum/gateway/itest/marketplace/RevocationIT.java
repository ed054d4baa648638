package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import tools.jackson.databind.JsonNode;

/**
 * A version its catalog revokes (DESIGN section 5): installed, it stops with a {@code revoked} event once
 * the gateway reads the catalog again (at start, or plugin:search), and stays stopped; it is never
 * installed again ({@code revoked_version}).
 */
class RevocationIT {

  private static final String REASON = "greets strangers by their full name";

  @TempDir
  Path dir;

  private static GatewayFramework start(TestCatalog catalog) {
    GatewayFramework gateway = catalog.trustedBy(
        GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace")).start();
    Installed.ready(gateway);
    catalog.offer(gateway.fixture("versioned-1.0.0")).offer(gateway.fixture("versioned-1.1.0")).publish();
    gateway.shell().run("plugin:search").assertSucceeded();
    return gateway;
  }

  @Test
  void installedVersionRevokedByTheCatalogStopsAtTheNextStart() {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    GatewayFramework gateway = start(catalog);
    try {
      gateway.shell().run("plugin:install versioned@1.0.0").assertSucceeded();
      gateway.awaitPluginState("versioned", "loaded");
      catalog.revoke("versioned", "1.0.0", REASON).publish();

      gateway = gateway.restart();
      Installed.ready(gateway);

      assertRevoked(gateway, 0);
      assertThat(gateway.shell().run("plugin:enable versioned").assertFailed().console()).contains("error revoked_version:");
      assertThat(Installed.bundle(gateway, "tyrum:plugin:versioned").getState()).isNotEqualTo(Bundle.ACTIVE);
    } finally {
      gateway.close();
    }
  }

  @Test
  void installedVersionRevokedStopsWhenPluginSearchReadsTheCatalog() {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog)) {
      gateway.shell().run("plugin:install versioned@1.0.0").assertSucceeded();
      gateway.awaitPluginState("versioned", "loaded");
      long seq = Installed.lastSeq(gateway);
      catalog.revoke("versioned", "1.0.0", REASON).publish();

      gateway.shell().run("plugin:search").assertSucceeded();

      assertRevoked(gateway, seq);
      gateway.shell().run("plugin:search").assertSucceeded();
      assertThat(Installed.lifecycle(gateway, seq, "revoked")).as("revoked once").hasSize(1);
    }
  }

  @Test
  void revokedVersionIsNeverInstalled() {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = start(catalog)) {
      catalog.revoke("versioned", "1.0.0", REASON).publish();
      gateway.shell().run("plugin:search").assertSucceeded();
      String before = Installed.snapshot(gateway);
      long seq = Installed.lastSeq(gateway);

      String console = gateway.shell().run("plugin:install versioned@1.0.0").assertFailed().console();

      assertThat(console).contains("error revoked_version:", REASON);
      assertThat(gateway.http().post("/plugins/install", "{\"id\":\"versioned\",\"version\":\"1.0.0\"}").assertStatus(410).errorCode())
          .isEqualTo("revoked_version");
      assertThat(Installed.snapshot(gateway)).isEqualTo(before);
      assertThat(Installed.lifecycle(gateway, seq, "failed")).hasSize(2)
          .allSatisfy(e -> assertThat(e.path("reason").asString()).isEqualTo("revoked_version"));
      // the version it does not revoke still installs
      gateway.shell().run("plugin:install versioned").assertSucceeded();
      gateway.awaitPluginState("versioned", "loaded");
      assertThat(Installed.lockEntry(gateway, "versioned").path("version").asString()).isEqualTo("1.1.0");
    }
  }

  private static void assertRevoked(GatewayFramework gateway, long seq) {
    Await.until("a revoked event", () -> !Installed.lifecycle(gateway, seq, "revoked").isEmpty());
    JsonNode event = Installed.lifecycle(gateway, seq, "revoked").get(0);
    assertThat(event.path("plugin").path("version").asString()).isEqualTo("1.0.0");
    assertThat(event.path("details").toString()).contains(REASON);
    assertThat(Installed.lockEntry(gateway, "versioned").path("state").asString()).isEqualTo("revoked");
    Await.until("GET /plugins shows it failed or revoked",
        () -> gateway.pluginState("versioned").equals("failed") || gateway.pluginState("versioned").equals("revoked"));
    assertThat(gateway.http().post("/tools/plugin.versioned.greet/invoke", "{\"agent\":\"default\",\"input\":{\"name\":\"ada\"}}").status())
        .isNotEqualTo(200);
  }
}
