package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import tools.jackson.databind.JsonNode;

/**
 * Permissions a plugin requests must be granted before any class of it loads (DESIGN section 5): without
 * a grant it waits as {@code pending_approval} with its bundle only INSTALLED; plugin:grant or
 * {@code --grant} at install loads it; plugin:revoke stops it; a grant it does not request is refused.
 * Versioned 2.0.0 requests {@code db:plugin}.
 */
class GrantsIT {

  private static final String LOCATION = "tyrum:plugin:versioned";
  private static GatewayFramework gateway;
  private static Path jar;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    Installed.ready(gateway);
    jar = gateway.fixture("versioned-2.0.0");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static void uninstall() {
    if (!Installed.lockEntry(gateway, "versioned").isMissingNode()) {
      gateway.shell().run("plugin:uninstall versioned").assertSucceeded();
    }
  }

  @Test
  void withoutItsGrantThePluginWaitsUnloadedUntilGranted() {
    uninstall();
    long seq = Installed.lastSeq(gateway);

    JsonNode outcome = Installed.json(gateway.shell().run("plugin:install --json " + jar).assertSucceeded().console());

    assertThat(outcome.path("state").asString()).isEqualTo("pending_approval");
    assertThat(outcome.path("missing").toString()).isEqualTo("[\"db:plugin\"]");
    assertThat(outcome.path("next").asString()).contains("plugin:grant versioned db:plugin");
    gateway.awaitPluginState("versioned", "pending_approval");
    assertThat(Installed.bundle(gateway, LOCATION).getState()).isEqualTo(Bundle.INSTALLED);
    assertThat(Installed.lifecycle(gateway, seq, "pending_approval")).singleElement()
        .satisfies(e -> assertThat(e.path("missing").toString()).contains("db:plugin"));

    gateway.shell().run("plugin:grant versioned db:plugin").assertSucceeded();

    gateway.awaitPluginState("versioned", "loaded");
    assertThat(Installed.lockEntry(gateway, "versioned").path("granted").toString()).isEqualTo("[\"db:plugin\"]");
    assertThat(Installed.lifecycle(gateway, seq, "permission_granted")).hasSize(1);
  }

  @Test
  void grantAtInstallLoadsAtOnceAndRevokeStopsIt() {
    uninstall();

    JsonNode outcome = Installed.json(gateway.shell().run("plugin:install --json --grant db:plugin " + jar).assertSucceeded().console());

    assertThat(outcome.path("state").asString()).isEqualTo("loaded");
    gateway.awaitPluginState("versioned", "loaded");

    gateway.shell().run("plugin:revoke versioned db:plugin").assertSucceeded();

    assertThat(Installed.bundle(gateway, LOCATION).getState()).isNotEqualTo(Bundle.ACTIVE);
    assertThat(Installed.lockEntry(gateway, "versioned").path("state").asString()).isEqualTo("pending_approval");
    assertThat(Installed.lockEntry(gateway, "versioned").path("granted").toString()).isEqualTo("[]");
    Await.until("GET /plugins no longer shows it loaded", () -> !gateway.pluginState("versioned").equals("loaded"));
  }

  @Test
  void aGrantThePluginDoesNotRequestIsNotRequested() {
    uninstall();
    String before = Installed.snapshot(gateway);
    long seq = Installed.lastSeq(gateway);

    String console = gateway.shell().run("plugin:install --grant net.egress:anywhere " + jar).assertFailed().console();

    assertThat(console).contains("error not_requested:", "it requests: db:plugin");
    assertThat(Installed.snapshot(gateway)).isEqualTo(before);
    assertThat(Installed.failed(gateway, seq).path("reason").asString()).isEqualTo("not_requested");

    gateway.shell().run("plugin:install " + jar).assertSucceeded();
    String pending = Installed.snapshot(gateway);
    assertThat(gateway.shell().run("plugin:grant versioned net.egress:anywhere").assertFailed().console()).contains("error not_requested:");
    assertThat(gateway.http().post("/plugins/versioned/grant", "{\"permissions\":[\"net.egress:anywhere\"]}").assertStatus(422).errorCode())
        .isEqualTo("not_requested");
    assertThat(Installed.snapshot(gateway)).isEqualTo(pending);
  }
}
