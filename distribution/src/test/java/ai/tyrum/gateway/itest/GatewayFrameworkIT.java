package ai.tyrum.gateway.itest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;

/** What the harness promises the tests that use it: the composition, the shared API, a clean stop. */
class GatewayFrameworkIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .dataFile("config/echo.json", "{\"greeting\":\"hello\"}")
        .start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void runsTheCoreWithoutTheOptionalBundlesAndWithoutTheApiBundle() {
    assertThat(symbolicNames()).contains("gateway.core", "org.apache.felix.scr", "org.apache.felix.http.jetty")
        .doesNotContain("gateway.api", "gateway.policy", "gateway.marketplace");
  }

  @Test
  void theSystemBundleOwnsTheApiTheTestAndTheCoreShare() {
    assertThat(FrameworkUtil.getBundle(Tool.class).getBundleId()).isZero();
    Bundle core = bundle("gateway.core");
    assertThat(core.adapt(BundleWiring.class).getRequiredWires("osgi.wiring.package"))
        .filteredOn(wire -> String.valueOf(wire.getCapability().getAttributes().get("osgi.wiring.package")).startsWith("ai.tyrum.gateway."))
        .extracting(BundleWire::getProvider)
        .isNotEmpty()
        .allSatisfy(provider -> assertThat(provider.getBundle().getBundleId()).isZero());
  }

  @Test
  void theCoreBindsThePolicyTheTestRegistered() {
    assertThat(gateway.http().get("/status").assertStatus(200).json().path("policy_snapshot").asString())
        .isEqualTo(FakeToolPolicy.SNAPSHOT_ID);
  }

  @Test
  void theDataDirAndWhatTheTestPutThereAreOwnerOnly() throws Exception {
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.data()))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.data().resolve("config")))).isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(gateway.data().resolve("config/echo.json"))))
        .isEqualTo("rw-------");
    assertThat(gateway.data().resolve("config/echo.json")).hasContent("{\"greeting\":\"hello\"}");
    assertThat(gateway.context().getProperty("tyrum.data")).isEqualTo(gateway.data().toString());
  }

  @Test
  void theShellReturnsWhatACommandPrintedAndReturnedAsTheConsoleShowsIt() {
    gateway.register(Object.class, new Commands(), Map.of("osgi.command.scope", "test", "osgi.command.function", new String[] {"shout", "fail"}));

    ShellResult shout = gateway.shell().run("test:shout hi").assertSucceeded();
    assertThat(shout.out()).isEqualTo("shouting hi\n");
    assertThat(shout.value()).isEqualTo("HI");
    assertThat(shout.console()).isEqualTo("shouting hi\nHI\n");

    ShellResult fail = gateway.shell().run("test:fail").assertFailed();
    assertThat(fail.err()).isEqualTo("about to fail\n");
    assertThat(fail.failure()).containsInstanceOf(IllegalStateException.class);
    assertThat(fail.console()).isEqualTo("about to fail\njava.lang.IllegalStateException: boom\n");
  }

  /** Gogo commands of the test's own: Gogo calls any service with the command properties by reflection. */
  public static final class Commands {
    public String shout(String text) {
      System.out.println("shouting " + text);
      return text.toUpperCase();
    }

    public void fail() {
      System.err.println("about to fail");
      throw new IllegalStateException("boom");
    }
  }

  private static Set<String> symbolicNames() {
    return Arrays.stream(gateway.context().getBundles()).map(Bundle::getSymbolicName).collect(Collectors.toSet());
  }

  private static Bundle bundle(String symbolicName) {
    return Arrays.stream(gateway.context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName())).findFirst()
        .orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
  }
}
