package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/** Plain felix:install / uninstall of a plugin bundle: the registry follows without a restart. */
class HotInstallIT {

  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    TestGateway.await("echo is loaded", () -> gateway.pluginState("echo").equals("loaded"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Path echoJar() throws Exception {
    try (Stream<Path> jars = Files.list(gateway.home.resolve("plugins"))) {
      return jars.filter(p -> p.getFileName().toString().contains("echo")).findFirst().orElseThrow();
    }
  }

  private static boolean pingAnswers() {
    try {
      return gateway.get("/plugins/echo/rpc/ping").status() == 200;
    } catch (Exception e) {
      return false;
    }
  }

  @Test
  void uninstallRemovesEveryContributionAndReinstallBringsThemBack() throws Exception {
    TestGateway.await("echo's route answers", HotInstallIT::pingAnswers);
    long bundleId = gateway.get("/plugins/echo").assertStatus(200).body().path("bundle_id").asLong();

    gateway.shell("felix:uninstall " + bundleId);

    assertThat(gateway.pluginState("echo")).isEqualTo("absent");
    assertThat(gateway.shell("tool:list")).doesNotContain("plugin.echo.echo");
    assertThat(gateway.get("/plugins/echo/rpc/ping").status()).isEqualTo(404);
    assertThat(gateway.post("/commands/execute", "{\"text\":\"/echo hi\"}").status()).isEqualTo(404);
    assertThat(gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"x\"}}").body().path("error").path("code").asString())
        .isEqualTo("unknown_tool");
    assertThat(gateway.audited("echo", "unloaded")).isTrue();
    assertThat(gateway.audited("echo", "uninstalled")).isTrue();
    // no service of the uninstalled bundle is left registered
    for (Bundle bundle : gateway.gateway.framework().getBundleContext().getBundles()) {
      assertThat(bundle.getSymbolicName()).isNotEqualTo("ai.tyrum.plugin.echo");
    }

    String installed = gateway.shell("felix:install " + echoJar().toUri());
    assertThat(installed).contains("Bundle ID");
    long newId = Long.parseLong(installed.replaceAll("\\D+", " ").strip().split(" ")[0]);
    gateway.shell("felix:start " + newId);

    TestGateway.await("echo is loaded again", () -> gateway.pluginState("echo").equals("loaded"));
    TestGateway.await("echo's route answers again", HotInstallIT::pingAnswers);
    assertThat(gateway.post("/commands/execute", "{\"text\":\"/echo back\"}").assertStatus(200).body().path("output").asString())
        .isEqualTo("back");
    assertThat(gateway.audited("echo", "installed")).isTrue();
  }

  @Test
  void stoppingAPluginUnloadsItAndStartingLoadsIt() throws Exception {
    TestGateway.await("notes is loaded", () -> gateway.pluginState("notes").equals("loaded"));
    long bundleId = gateway.get("/plugins/notes").body().path("bundle_id").asLong();
    gateway.shell("felix:stop " + bundleId);
    assertThat(gateway.pluginState("notes")).isEqualTo("installed");
    assertThat(gateway.shell("tool:list").lines().filter(l -> l.startsWith("plugin.notes.")))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains(" no ").contains("plugin_disabled"));
    assertThat(gateway.post("/tools/plugin.notes.list_notes/invoke", "{\"input\":{}}").status()).isEqualTo(404);
    gateway.shell("felix:start " + bundleId);
    TestGateway.await("notes is loaded again", () -> gateway.pluginState("notes").equals("loaded"));
  }

  @Test
  void inspectReadsAJarWithoutInstallingIt() throws Exception {
    int bundles = gateway.gateway.framework().getBundleContext().getBundles().length;
    String echo = gateway.shell("plugin:inspect " + echoJar());
    assertThat(echo).contains("plugin.echo.echo").contains("/echo").contains("/plugins/echo/rpc/ping");
    String refused = gateway.shell("plugin:inspect " + gateway.fixtures.resolve("fixture.path-escape-1.0.0.jar"));
    assertThat(refused).startsWith("refused: path_escape").contains("../../../etc/passwd");
    assertThat(gateway.gateway.framework().getBundleContext().getBundles()).hasSize(bundles);
  }

  @Test
  void marketplaceInstallsFromAJarAfterCheckingItsHash() throws Exception {
    Path jar = gateway.fixtures.resolve("fixture.bad-id-1.0.0.jar");
    String refused = gateway.shellFails("plugin:install " + jar);
    assertThat(refused).contains("invalid_plugin_id");
    String wrongHash = gateway.shellFails("plugin:install --sha256 " + "0".repeat(64) + " " + echoJar());
    assertThat(wrongHash).contains("integrity_mismatch");
  }
}
