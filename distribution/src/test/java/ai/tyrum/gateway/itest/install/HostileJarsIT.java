package ai.tyrum.gateway.itest.install;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.lib.testing.HostileJars;
import ai.tyrum.gateway.spi.PluginInspector;
import ai.tyrum.gateway.spi.PluginInspector.PluginRefusedException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.osgi.framework.Bundle;

/**
 * The jar-level checks (DESIGN section 5) on every door that hands the gateway jar bytes: the
 * {@link PluginInspector} service the install pipeline calls, {@code plugin:install FILE} and
 * {@code plugin:inspect FILE}. Each hostile jar is echo's jar with one attack added, so only the attack can
 * refuse it; a refused jar installs nothing.
 */
class HostileJarsIT {

  private static GatewayFramework gateway;
  private static byte[] echo;
  private static Path folder;

  @BeforeAll
  static void start() throws IOException {
    gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    echo = Files.readAllBytes(gateway.examplePlugin("echo"));
    folder = Files.createTempDirectory("tyrum-hostile-jars");
  }

  @AfterAll
  static void stop() throws IOException {
    gateway.close();
    try (Stream<Path> files = Files.list(folder)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(folder);
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        attack("zip-slip", HostileJars::zipSlip, "unsafe_entry_name"),
        attack("absolute-entry-name", HostileJars::absoluteEntryName, "unsafe_entry_name"),
        attack("backslash-entry-name", HostileJars::backslashEntryName, "unsafe_entry_name"),
        attack("nul-entry-name", HostileJars::nulEntryName, "unsafe_entry_name"),
        // over the 16 MiB an entry may inflate to, from a jar of a few KiB
        attack("zip-bomb-with-lying-sizes", jar -> HostileJars.zipBombWithLyingSizes(jar, 17 * 1024 * 1024), "inflation_bound"),
        attack("central-directory-disagrees", HostileJars::centralDirectoryDisagreesWithLocalHeaders, "jar_entries_disagree"),
        attack("hidden-local-entry", HostileJars::localEntryHiddenFromCentralDirectory, "jar_entries_disagree"),
        attack("two-manifests", HostileJars::twoManifests, "duplicate_manifest"));
  }

  private static Arguments attack(String name, UnaryOperator<byte[]> make, String reason) {
    return Arguments.of(name, make, reason);
  }

  @Test
  void echosOwnJarPassesEveryCheck() {
    assertThat(gateway.service(PluginInspector.class).inspect(echo)).containsEntry("id", "echo");
  }

  @ParameterizedTest(name = "{0} is refused by the inspector with {2}")
  @MethodSource("attacks")
  void inspectorRefusesHostileJar(String name, UnaryOperator<byte[]> make, String reason) {
    byte[] jar = make.apply(echo);
    assertThatThrownBy(() -> gateway.service(PluginInspector.class).inspect(jar))
        .isInstanceOfSatisfying(PluginRefusedException.class, e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.details()).singleElement().asString().startsWith(reason + ": ").doesNotContain("\0");
        });
  }

  @ParameterizedTest(name = "{0} is refused by plugin:install with {2}")
  @MethodSource("attacks")
  void pluginInstallRefusesHostileJarAndInstallsNothing(String name, UnaryOperator<byte[]> make, String reason) throws IOException {
    Path jar = Files.write(folder.resolve(name + ".jar"), make.apply(echo));
    Bundle[] before = gateway.context().getBundles();
    String echoBefore = gateway.pluginState("echo");
    byte[] lockfile = Files.readAllBytes(gateway.data().resolve("plugins.lock.json"));

    String console = gateway.shell().run("plugin:install " + jar).assertFailed().console();

    assertThat(console).contains(reason);
    assertThat(gateway.context().getBundles()).hasSameSizeAs(before);
    assertThat(gateway.pluginState("echo")).as("the echo the bundled catalog installed").isEqualTo(echoBefore);
    assertThat(Files.readAllBytes(gateway.data().resolve("plugins.lock.json"))).as("the lockfile").isEqualTo(lockfile);
  }

  @ParameterizedTest(name = "{0} is refused by plugin:inspect with {2}")
  @MethodSource("attacks")
  void pluginInspectRefusesHostileJar(String name, UnaryOperator<byte[]> make, String reason) throws IOException {
    Path jar = Files.write(folder.resolve(name + "-inspect.jar"), make.apply(echo));

    assertThat(gateway.shell().run("plugin:inspect " + jar).assertSucceeded().console())
        .startsWith("refused: " + reason);
  }

  /**
   * The console door: a plain {@code felix:install} (the framework's own context installing the bytes) is
   * verified from the bytes the framework holds. The jar is a plugin not installed yet, so that the
   * framework takes it; the marketplace then refuses it with the jar check's reason, and it never resolves.
   */
  @ParameterizedTest(name = "{0} is refused at the console door with {2}")
  @MethodSource("attacks")
  void plainInstallBundleOfHostileJarIsRefusedAndNeverResolves(String name, UnaryOperator<byte[]> make, String reason) throws Exception {
    byte[] jar = make.apply(Files.readAllBytes(gateway.fixture("versioned-1.0.0")));
    byte[] lockfile = Files.readAllBytes(gateway.data().resolve("plugins.lock.json"));
    Bundle bundle;
    try {
      bundle = gateway.context().installBundle("file:/hostile/" + name + ".jar", new java.io.ByteArrayInputStream(jar));
    } catch (org.osgi.framework.BundleException refusedByTheFramework) {
      // the framework could not read it as a bundle at all: nothing is installed either
      assertThat(gateway.context().getBundle("file:/hostile/" + name + ".jar")).isNull();
      return;
    }
    try {
      HostileManifestsIT.assertFailedEventNames(gateway, bundle, reason);
      assertThatThrownBy(bundle::start).isInstanceOf(org.osgi.framework.BundleException.class);
      assertThat(bundle.getState()).isEqualTo(Bundle.INSTALLED);
      assertThat(Files.readAllBytes(gateway.data().resolve("plugins.lock.json"))).as("the lockfile").isEqualTo(lockfile);
    } finally {
      bundle.uninstall();
    }
  }
}
