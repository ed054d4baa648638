package ai.tyrum.gateway.itest.hardened;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.it.TestGateway;
import ai.tyrum.gateway.launcher.SecurityPosture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.condpermadmin.ConditionalPermissionAdmin;
import org.osgi.service.condpermadmin.ConditionalPermissionInfo;
import tools.jackson.databind.JsonNode;

/**
 * Grants change the permission table live (DESIGN section 6): reads-etc-passwd reads files straight through
 * java.nio. Without its fs.read grant it does not load; granted fs.read on its folder "shared", it reads a
 * file in that folder directly, and nothing outside it; revoked, the plugin stops and its row holds no file
 * permission any more.
 */
class LiveGrantsIT {

  private static final String PLUGIN = "reads-etc-passwd";
  private static TestGateway gateway;
  private static Path shared;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start(SecurityPosture.Requested.on);
    shared = Files.createDirectories(gateway.data.resolve("plugin-data/" + PLUGIN + "/files/shared"));
    Files.writeString(shared.resolve("note.txt"), "twelve bytes");
    Files.writeString(gateway.data.resolve("plugin-data/" + PLUGIN + "/files/outside.txt"), "not granted");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static JsonNode read(String path) throws Exception {
    return gateway.post("/tools/plugin." + PLUGIN + ".read/invoke", "{\"input\":{\"path\":\"" + path + "\"}}")
        .assertStatus(200).body().path("output");
  }

  /** The encoded row the table holds for the plugin now. */
  private static String row() {
    BundleContext context = gateway.gateway.framework().getBundleContext();
    ServiceReference<ConditionalPermissionAdmin> reference = context.getServiceReference(ConditionalPermissionAdmin.class);
    ConditionalPermissionAdmin admin = context.getService(reference);
    try {
      List<ConditionalPermissionInfo> rows = admin.newConditionalPermissionUpdate().getConditionalPermissionInfos();
      return rows.stream().filter(r -> r.getName().equals("tyrum.plugin:tyrum:plugin:" + PLUGIN))
          .map(ConditionalPermissionInfo::getEncoded).findFirst().orElse("");
    } finally {
      context.ungetService(reference);
    }
  }

  @Test
  void aGrantLetsTheDirectReadInItsFolderAndARevokeTakesItAway() throws Exception {
    Path jar;
    try (var jars = Files.list(gateway.fixtures)) {
      jar = jars.filter(j -> j.getFileName().toString().startsWith("fixture." + PLUGIN + "-")).findFirst().orElseThrow();
    }
    gateway.shell("plugin:install " + jar);
    assertThat(gateway.pluginState(PLUGIN)).isEqualTo("pending_approval");
    assertThat(row()).as("installed, not granted: what DS needs, no file").contains("ServicePermission").doesNotContain("FilePermission");

    gateway.shell("plugin:grant " + PLUGIN + " fs.read:shared");
    TestGateway.await(PLUGIN + " loaded", () -> gateway.pluginState(PLUGIN).equals("loaded"));
    // the table follows the lockfile through the plugin.lifecycle event, a moment after the grant
    TestGateway.await("the row holds the grant", () -> row().contains("FilePermission"));

    JsonNode granted = read(shared.resolve("note.txt").toString());
    assertThat(granted.path("done").asBoolean()).as(granted.toString()).isTrue();
    assertThat(granted.path("bytes").asInt()).isEqualTo(12);
    JsonNode outside = read(shared.resolveSibling("outside.txt").toString());
    assertThat(outside.path("done").asBoolean()).isFalse();
    assertThat(outside.path("error").asString()).startsWith("java.security.AccessControlException").contains("outside.txt");
    JsonNode passwd = read("/etc/passwd");
    assertThat(passwd.path("done").asBoolean()).isFalse();
    assertThat(passwd.path("error").asString()).startsWith("java.security.AccessControlException")
        .contains("java.io.FilePermission", "/etc/passwd", "read");

    gateway.shell("plugin:revoke " + PLUGIN + " fs.read:shared");
    TestGateway.await(PLUGIN + " no longer loaded", () -> !gateway.pluginState(PLUGIN).equals("loaded"));
    TestGateway.await("the row lost the grant", () -> !row().contains("FilePermission"));
    assertThat(row()).contains("ServicePermission");
    assertThat(gateway.post("/tools/plugin." + PLUGIN + ".read/invoke", "{\"input\":{}}").status()).isNotEqualTo(200);
  }
}
