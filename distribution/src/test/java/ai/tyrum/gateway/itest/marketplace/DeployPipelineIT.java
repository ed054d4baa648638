package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The deploy folder with the real pipeline (DESIGN section 5, "Hot deploy"): a dropped jar waits for an
 * operator's approval unless policy preapproves deployed jars, replacing it upgrades, removing it uninstalls.
 * (The folder's own refusals are in DeployFolderIT.)
 */
class DeployPipelineIT {

  private static GatewayFramework start(String policy) {
    GatewayFramework.Builder builder = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace");
    if (policy != null) {
      builder.dataFile("policy/deployment.yml", policy);
    }
    GatewayFramework gateway = builder.start();
    Installed.ready(gateway);
    Await.until("the deploy folder exists", () -> Files.isDirectory(gateway.data().resolve("deploy")));
    return gateway;
  }

  /** Moves a copy of {@code jar} to deploy/{@code name}, so that the folder never sees it half written. */
  private static Path drop(GatewayFramework gateway, Path jar, String name) throws Exception {
    Path staged = gateway.data().resolve(name + ".staged");
    Files.copy(jar, staged, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString("rw-r--r--"));
    return Files.move(staged, gateway.data().resolve("deploy").resolve(name), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  private static String lockState(GatewayFramework gateway) {
    return Installed.lockEntry(gateway, "versioned").path("state").asString();
  }

  @Test
  void droppedJarWaitsForApprovalThenLoads() throws Exception {
    try (GatewayFramework gateway = start(null)) {
      long seq = Installed.lastSeq(gateway);

      Path dropped = drop(gateway, gateway.fixture("versioned-1.0.0"), "versioned.jar");

      Await.until("the dropped jar waits for approval", () -> lockState(gateway).equals("pending_approval"));
      JsonNode entry = Installed.lockEntry(gateway, "versioned");
      assertThat(entry.path("source").path("kind").asString()).isEqualTo("deploy");
      assertThat(entry.path("source").path("location").asString()).isEqualTo(dropped.toString());
      gateway.awaitPluginState("versioned", "pending_approval");
      // the pipeline records pending_approval after the lockfile entry and the bundle are there
      Await.until("pending_approval is recorded", () -> !Installed.lifecycle(gateway, seq, "pending_approval").isEmpty());
      List<JsonNode> pending = Installed.lifecycle(gateway, seq, "pending_approval");
      assertThat(pending).hasSize(1);
      String approval = pending.get(0).path("approval").asString();

      gateway.http().post("/approvals/" + approval + "/approve", "").assertStatus(200);

      gateway.awaitPluginState("versioned", "loaded");
      assertThat(lockState(gateway)).isEqualTo("enabled");
    }
  }

  @Test
  void preapprovedJarLoadsAtOnceIsUpgradedByReplacingItAndUninstalledByRemovingIt() throws Exception {
    try (GatewayFramework gateway = start("plugins:\n  deploy_preapproved: true\n")) {
      Path dropped = drop(gateway, gateway.fixture("versioned-1.0.0"), "versioned.jar");

      gateway.awaitPluginState("versioned", "loaded");
      // the plugin is loaded once its bundle is active; its DS tool registers a moment later
      Await.until("greet answers from 1.0.0",
          () -> Installed.greet(gateway, "ada").path("output").path("greeting").asString().equals("hello ada from 1.0.0"));
      long seq = Installed.lastSeq(gateway);

      drop(gateway, gateway.fixture("versioned-1.1.0"), "versioned.jar");

      Await.until("the replaced jar is upgraded to", () -> Installed.lockEntry(gateway, "versioned").path("version").asString().equals("1.1.0"));
      Await.until("greet answers from 1.1.0",
          () -> Installed.greet(gateway, "ada").path("output").path("greeting").asString().equals("hello ada from 1.1.0"));
      Await.until("an upgraded event", () -> !Installed.lifecycle(gateway, seq, "upgraded").isEmpty());
      assertThat(Installed.lifecycle(gateway, seq, "upgraded")).singleElement()
          .satisfies(e -> assertThat(e.path("from_version").asString()).isEqualTo("1.0.0"));

      Files.delete(dropped);

      Await.until("removing the jar uninstalls the plugin", () -> gateway.pluginState("versioned").equals("absent"));
      assertThat(Installed.lockEntry(gateway, "versioned").isMissingNode()).isTrue();
      assertThat(Installed.bundle(gateway, "tyrum:plugin:versioned")).isNull();
    }
  }
}
