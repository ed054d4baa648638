package ai.tyrum.gateway.itest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The deploy folder of a real gateway (DESIGN section 5, "Hot deploy"): files it must refuse are refused
 * with one audited {@code plugin.lifecycle failed} event each and left in place; a jar it may take is
 * handed to the install pipeline under the path it was dropped at.
 *
 * <p>A jar taken is installed by the real pipeline: it is recorded in the lockfile with source {@code deploy}
 * and the path it was dropped at, and waits for an approval (deployed jars are not preapproved by default).
 */
class DeployFolderIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayFramework.builder().withBundle("gateway.marketplace").withBundle("gateway.policy").start();
    Await.until("the deploy folder exists", () -> Files.isDirectory(deploy()));
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void worldWritableJarIsRefusedOnceAndTakenWhenFixed() throws Exception {
    Path jar = drop("versioned-1.0.0", "world-writable.jar", "rw-rw-rw-");

    JsonNode refusal = awaitRefusal(jar);
    assertThat(refusal.path("reason").asString()).isEqualTo("deploy_world_writable");
    assertThat(refusal.path("details").get(0).asString()).contains("chmod o-w " + jar);
    assertThat(refusal.path("plugin").path("id").asString()).isEmpty();
    assertThat(jar).as("left where it is").exists();

    // a later refusal proves the folder was looked at again since: still one event for the first file
    Path marker = Files.createDirectory(deploy().resolve("marker-" + System.nanoTime() + ".jar"));
    awaitRefusal(marker);
    assertThat(refusals(jar)).hasSize(1);
    assertThat(installed(jar)).isFalse();

    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    Await.until("the fixed jar goes to the pipeline", () -> installed(jar));
    assertThat(refusals(jar)).hasSize(1);
  }

  @Test
  void symlinkLeavingTheFolderIsRefusedWithItsTarget() throws Exception {
    Path outside = gateway.examplePlugin("echo").toRealPath();
    Path link = Files.createSymbolicLink(deploy().resolve("escape.jar"), outside);

    JsonNode refusal = awaitRefusal(link);
    assertThat(refusal.path("reason").asString()).isEqualTo("deploy_symlink_escape");
    assertThat(refusal.path("details").get(0).asString()).contains(outside.toString());
    assertThat(installed(link)).isFalse();
  }

  @Test
  void directoryNamedLikeAJarIsRefusedAsNotAFile() throws Exception {
    Path dir = Files.createDirectory(deploy().resolve("not-a-file.jar"));

    assertThat(awaitRefusal(dir).path("reason").asString()).isEqualTo("deploy_not_a_file");
  }

  @Test
  void symlinkInsideTheFolderIsFollowedAndHandedOverUnderItsOwnPath() throws Exception {
    Path builds = Files.createDirectories(deploy().resolve("builds"));
    Files.copy(gateway.fixture("installs-bundle"), builds.resolve("installs-bundle-1.jar"), StandardCopyOption.REPLACE_EXISTING);
    Path link = Files.createSymbolicLink(deploy().resolve("linked.jar"), Path.of("builds/installs-bundle-1.jar"));

    Await.until("the linked jar is installed under its own path", () -> installed(link));
    assertThat(gateway.service(PluginLock.class).entry("installs-bundle").orElseThrow().state())
        .as("a deployed jar waits for an approval").isEqualTo(LockEntry.State.pending_approval);
    assertThat(refusals(link)).isEmpty();
  }

  private static Path deploy() {
    return gateway.data().resolve("deploy");
  }

  /** Moves a copy of a fixture plugin with {@code mode} into the folder, so that it never shows another mode there. */
  private static Path drop(String fixture, String name, String mode) throws Exception {
    Path staged = gateway.data().resolve(name + ".staged");
    Files.copy(gateway.fixture(fixture), staged, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString(mode));
    return Files.move(staged, deploy().resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  /** Whether the lockfile holds a plugin the deploy folder installed from {@code jar}. */
  private static boolean installed(Path jar) {
    return gateway.service(PluginLock.class).entries().stream()
        .anyMatch(e -> e.source().kind().equals(PluginOrigin.DEPLOY) && e.source().location().equals(jar.toString()));
  }

  private static JsonNode awaitRefusal(Path source) {
    Await.until("a refusal of " + source + " is audited", () -> !refusals(source).isEmpty());
    return refusals(source).get(0);
  }

  /** The payloads of the {@code plugin.lifecycle failed} events about {@code source}, through {@code GET /events}. */
  private static List<JsonNode> refusals(Path source) {
    List<JsonNode> found = new ArrayList<>();
    long after = 0;
    while (true) {
      JsonNode events = gateway.http().get("/events?after=" + after).assertStatus(200).json().path("events");
      if (events.isEmpty()) {
        return found;
      }
      for (JsonNode event : events) {
        JsonNode payload = event.path("payload");
        if (event.path("type").asString().equals("plugin.lifecycle") && payload.path("kind").asString().equals("failed")
            && payload.path("source").asString().equals(source.toString())) {
          found.add(payload);
        }
      }
      after = events.get(events.size() - 1).path("seq").asLong();
    }
  }
}
