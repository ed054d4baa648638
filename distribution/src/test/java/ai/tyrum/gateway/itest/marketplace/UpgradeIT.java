package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Upgrades from a signed catalog (DESIGN section 5, "Upgrade"): a version with the same contract and
 * permissions replaces the running one at once; one that asks for more or changes a tool is held for
 * re-approval while the old version serves, and goes ahead once approved; one that does not start is
 * rolled back.
 */
class UpgradeIT {

  @TempDir
  Path dir;

  /** A gateway whose catalog offers every version of versioned, with 1.0.0 installed and serving. */
  private static GatewayFramework startWithVersioned(TestCatalog catalog) {
    GatewayFramework gateway = catalog.trustedBy(
        GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace")
            // 1.2.0's component throws on purpose: keep SCR's log of it (level ERROR) out of the build output
            .property("ds.loglevel", "0")
            // 2.0.0 holds db:plugin, which makes greet opt-in
            .dataFile("policy/deployment.yml", "tools:\n  allow:\n    - plugin.versioned.greet\n")).start();
    Installed.ready(gateway);
    for (String version : List.of("1.0.0", "1.1.0", "1.2.0-broken", "2.0.0")) {
      catalog.offer(gateway.fixture("versioned-" + version));
    }
    catalog.publish();
    gateway.shell().run("plugin:search").assertSucceeded();
    gateway.shell().run("plugin:install versioned@1.0.0").assertSucceeded();
    gateway.awaitPluginState("versioned", "loaded");
    assertThat(greeting(gateway)).isEqualTo("hello ada from 1.0.0");
    return gateway;
  }

  private static String greeting(GatewayFramework gateway) {
    return Installed.greet(gateway, "ada").path("output").path("greeting").asString();
  }

  @Test
  void upgradeWithTheSameContractProceedsAtOnce() {
    try (GatewayFramework gateway = startWithVersioned(TestCatalog.in(dir, "mirror"))) {
      long seq = Installed.lastSeq(gateway);

      JsonNode outcome = Installed.json(gateway.shell().run("plugin:upgrade --json versioned 1.1.0").assertSucceeded().console());

      assertThat(outcome.path("state").asString()).isEqualTo("loaded");
      assertThat(outcome.path("version").asString()).isEqualTo("1.1.0");
      assertThat(Installed.lifecycle(gateway, seq, "upgraded")).singleElement().satisfies(e -> {
        assertThat(e.path("from_version").asString()).isEqualTo("1.0.0");
        assertThat(e.path("plugin").path("version").asString()).isEqualTo("1.1.0");
      });
      assertThat(Installed.lockEntry(gateway, "versioned").path("version").asString()).isEqualTo("1.1.0");
      Await.until("greet answers from 1.1.0", () -> greeting(gateway).equals("hello ada from 1.1.0"));
    }
  }

  @Test
  void upgradeAskingForMoreIsHeldWhileTheOldVersionServesUntilApproved() throws Exception {
    try (GatewayFramework gateway = startWithVersioned(TestCatalog.in(dir, "mirror"))) {
      long seq = Installed.lastSeq(gateway);

      JsonNode outcome = Installed.json(gateway.shell().run("plugin:upgrade --json versioned 2.0.0").assertSucceeded().console());

      assertThat(outcome.path("state").asString()).isEqualTo("upgrade_held");
      assertThat(outcome.path("difference").path("added_permissions").toString()).isEqualTo("[\"db:plugin\"]");
      assertThat(outcome.path("difference").path("changed_tools").toString()).isEqualTo("[\"greet\"]");
      String approval = outcome.path("approval").asString();
      assertThat(approval).isNotEmpty();
      JsonNode held = Installed.lifecycle(gateway, seq, "upgrade_held").get(0);
      assertThat(held.path("to_version").asString()).isEqualTo("2.0.0");
      assertThat(held.path("difference").path("added_permissions").toString()).contains("db:plugin");
      assertThat(held.path("difference").path("changed_tools").toString()).contains("greet");
      assertThat(Installed.lockEntry(gateway, "versioned").path("version").asString()).isEqualTo("1.0.0");
      assertThat(greeting(gateway)).isEqualTo("hello ada from 1.0.0");
      assertThat(gateway.pluginState("versioned")).isEqualTo("loaded");

      gateway.http().post("/approvals/" + approval + "/approve", "").assertStatus(200);

      Await.until("the lockfile holds 2.0.0", () -> Installed.lockEntry(gateway, "versioned").path("version").asString().equals("2.0.0"));
      Await.until("greet answers from 2.0.0", () -> greeting(gateway).equals("hello ada from 2.0.0"));
      JsonNode entry = Installed.lockEntry(gateway, "versioned");
      assertThat(entry.path("version").asString()).isEqualTo("2.0.0");
      assertThat(entry.path("granted").toString()).isEqualTo("[\"db:plugin\"]");
      // the approval completes the upgrade in the background, which records the event last
      Await.until("an upgraded event", () -> !Installed.lifecycle(gateway, seq, "upgraded").isEmpty());
      assertThat(Installed.lifecycle(gateway, seq, "upgraded")).singleElement()
          .satisfies(e -> assertThat(e.path("from_version").asString()).isEqualTo("1.0.0"));
    }
  }

  @Test
  void heldUpgradeGoesAheadOnceApprovedAtTheConsole() {
    try (GatewayFramework gateway = startWithVersioned(TestCatalog.in(dir, "mirror"))) {
      String approval = Installed.json(gateway.shell().run("plugin:upgrade --json versioned 2.0.0").assertSucceeded().console())
          .path("approval").asString();

      gateway.shell().run("approval:approve " + approval).assertSucceeded();

      Await.until("greet answers from 2.0.0", () -> greeting(gateway).equals("hello ada from 2.0.0"));
    }
  }

  @Test
  void upgradeThatDoesNotStartIsRolledBackAndLeavesNoTrace() throws Exception {
    try (GatewayFramework gateway = startWithVersioned(TestCatalog.in(dir, "mirror"))) {
      JsonNode before = Installed.lockEntry(gateway, "versioned");
      var store = Installed.store(gateway);
      long seq = Installed.lastSeq(gateway);

      String console = gateway.shell().run("plugin:upgrade versioned 1.2.0").assertFailed().console();

      assertThat(console).contains("error upgrade_failed:", "1.0.0 is back in service");
      assertThat(Installed.lifecycle(gateway, seq, "rolled_back")).singleElement().satisfies(e -> {
        assertThat(e.path("from_version").asString()).isEqualTo("1.2.0");
        assertThat(e.path("plugin").path("version").asString()).isEqualTo("1.0.0");
      });
      assertThat(Installed.failed(gateway, seq).path("reason").asString()).isEqualTo("upgrade_failed");
      assertThat(Installed.lockEntry(gateway, "versioned")).isEqualTo(before);
      assertThat(Installed.store(gateway)).isEqualTo(store);
      Await.until("1.0.0 serves again", () -> greeting(gateway).equals("hello ada from 1.0.0"));
      gateway.awaitPluginState("versioned", "loaded");
      assertThat(Files.readString(gateway.data().resolve("plugins.lock.json"))).doesNotContain("1.2.0");
    }
  }
}
