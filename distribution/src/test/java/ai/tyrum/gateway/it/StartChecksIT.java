package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import tools.jackson.databind.node.ObjectNode;

/**
 * What a start still checks now that it defers what it can (schemas compiled at their first use, tools
 * obtained at their first call, one resolve for all plugins): the lockfile against the framework's copy
 * of each plugin, and against the store when the framework cache is gone. A mismatch refuses that plugin
 * alone, with a {@code failed} event; the others load.
 */
class StartChecksIT {

  @Test
  void aFrameworkCopyThatIsNotTheJarTheLockfileNamesIsRefusedAtStart() throws Exception {
    Path data;
    String token;
    try (TestGateway gateway = TestGateway.start()) {
      data = gateway.data;
      token = gateway.token;
      assertThat(gateway.pluginState("echo")).isEqualTo("loaded");
    }
    Path lockfile = data.resolve("plugins.lock.json");
    ObjectNode lock = (ObjectNode) TestGateway.JSON.readTree(Files.readString(lockfile));
    ((ObjectNode) lock.path("plugins").path("echo")).put("integrity_sha256", "0".repeat(64));
    Files.writeString(lockfile, TestGateway.JSON.writeValueAsString(lock));

    try (TestGateway gateway = TestGateway.restart(data, token)) {
      assertThat(failedFor(gateway, "echo")).contains("integrity_mismatch");
      assertThat(gateway.pluginState("echo")).isNotEqualTo("loaded");
      assertThat(gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"hi\"}}").status()).isNotEqualTo(200);
      assertThat(gateway.pluginState("notes")).isEqualTo("loaded");
    }
  }

  @Test
  void withoutAFrameworkCacheEachPluginIsInstalledAgainFromTheStoreOnlyWhenItsBytesAreIntact() throws Exception {
    Path data;
    String token;
    try (TestGateway gateway = TestGateway.start()) {
      data = gateway.data;
      token = gateway.token;
      assertThat(gateway.pluginState("notes")).isEqualTo("loaded");
    }
    String echoSha256 = TestGateway.JSON.readTree(Files.readString(data.resolve("plugins.lock.json")))
        .path("plugins").path("echo").path("integrity_sha256").asString();
    Path stored = data.resolve("store").resolve(echoSha256 + ".jar");
    assertThat(stored).exists();
    Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-------"));
    byte[] bytes = Files.readAllBytes(stored);
    bytes[bytes.length / 2] ^= 0x5a; // one byte changed on disk
    Files.write(stored, bytes);
    deleteTree(data.resolve("felix-cache"));

    try (TestGateway gateway = TestGateway.restart(data, token)) {
      assertThat(failedFor(gateway, "echo")).contains("missing_from_store");
      assertThat(gateway.pluginState("echo")).isNotEqualTo("loaded");
      assertThat(gateway.pluginState("notes")).isEqualTo("loaded");
      assertThat(gateway.post("/tools/plugin.notes.list_notes/invoke", "{\"input\":{}}").status()).isNotEqualTo(404);
    }
  }

  @Test
  void theToolsAPluginBringsToAFirstStartAreObtainedAtTheirFirstCall() throws Exception {
    try (TestGateway gateway = TestGateway.start()) {
      assertThat(gateway.pluginState("echo")).isEqualTo("loaded");
      assertThat(usersOfEchoTool(gateway)).as("installed from the bundled catalog before ready: not obtained yet").isEmpty();

      assertThat(gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"hi\"}}").status()).isEqualTo(200);

      assertThat(usersOfEchoTool(gateway)).containsExactly("gateway.core");
    }
  }

  /** The bundles that use echo's tool service, by symbolic name. */
  private static List<String> usersOfEchoTool(TestGateway gateway) throws Exception {
    // by class name: the launcher's class path holds the API classes too, and they are not the framework's
    ServiceReference<?>[] references = gateway.gateway.framework().getBundleContext()
        .getAllServiceReferences("ai.tyrum.gateway.api.Tool", "(tyrum.tool.plugin=echo)");
    assertThat(references).hasSize(1);
    Bundle[] users = references[0].getUsingBundles();
    return users == null ? List.of() : Arrays.stream(users).map(Bundle::getSymbolicName).toList();
  }

  /** The reasons of the plugin.lifecycle failed records of {@code id}. */
  private static List<String> failedFor(TestGateway gateway, String id) throws Exception {
    return gateway.auditRecords().stream()
        .filter(r -> r.path("type").asString().equals("plugin.lifecycle"))
        .map(r -> r.path("payload"))
        .filter(p -> p.path("kind").asString().equals("failed") && p.path("plugin").path("id").asString().equals(id))
        .map(p -> p.path("reason").asString())
        .toList();
  }

  private static void deleteTree(Path root) throws Exception {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
