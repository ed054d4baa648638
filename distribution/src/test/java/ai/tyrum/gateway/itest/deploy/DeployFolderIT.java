package ai.tyrum.gateway.itest.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import tools.jackson.databind.JsonNode;

/**
 * The deploy folder of a real gateway (DESIGN section 5, "Hot deploy"): files it must refuse are refused
 * with one audited {@code plugin.lifecycle failed} event each and left in place; a jar it may take is
 * handed to the install pipeline under the path it was dropped at.
 *
 * <p>The pipeline and the lockfile service are being written beside the deploy folder: until gateway.marketplace
 * registers them, the test registers stand-ins ranked below any real one, so that the deploy folder starts. The
 * refusals never reach them; the stand-in pipeline records what the folder hands it.
 */
class DeployFolderIT {

  private static final String PIPELINE = "ai.tyrum.gateway.marketplace.install.Pipeline";

  private static GatewayFramework gateway;
  private static final List<InstallRequest> installs = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayFramework.builder().withBundle("gateway.marketplace").withBundle("gateway.policy").start();
    registerStandIns();
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
    Path jar = dropEcho("world-writable.jar", "rw-rw-rw-");

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
    Files.copy(gateway.examplePlugin("echo"), builds.resolve("echo-1.jar"), StandardCopyOption.REPLACE_EXISTING);
    Path link = Files.createSymbolicLink(deploy().resolve("linked.jar"), Path.of("builds/echo-1.jar"));

    Await.until("the linked jar goes to the pipeline", () -> installed(link));
    InstallRequest request = installs.stream().filter(r -> r.file().equals(Optional.of(link))).findFirst().orElseThrow();
    assertThat(request).isEqualTo(InstallRequest.file(link, Optional.empty(), List.of(), "deploy"));
    assertThat(refusals(link)).isEmpty();
  }

  private static Path deploy() {
    return gateway.data().resolve("deploy");
  }

  /** Moves a copy of the echo plugin with {@code mode} into the folder, so that it never shows another mode there. */
  private static Path dropEcho(String name, String mode) throws Exception {
    Path staged = gateway.data().resolve(name + ".staged");
    Files.copy(gateway.examplePlugin("echo"), staged, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(staged, PosixFilePermissions.fromString(mode));
    return Files.move(staged, deploy().resolve(name), StandardCopyOption.ATOMIC_MOVE);
  }

  private static boolean installed(Path jar) {
    return installs.stream().anyMatch(r -> r.file().equals(Optional.of(jar)));
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

  /**
   * An empty lockfile and a pipeline that records what it is handed, both ranked below the services
   * gateway.marketplace registers itself. The pipeline interface is private to gateway.marketplace: the
   * stand-in implements it through the bundle's own class loader.
   */
  private static void registerStandIns() throws Exception {
    Hashtable<String, Object> lowest = new Hashtable<>(Map.of(Constants.SERVICE_RANKING, Integer.MIN_VALUE));
    gateway.context().registerService(PluginLock.class, new PluginLock() {
      @Override
      public List<LockEntry> entries() {
        return List.of();
      }

      @Override
      public Optional<LockEntry> entry(String id) {
        return Optional.empty();
      }
    }, lowest);
    Bundle marketplace = Arrays.stream(gateway.context().getBundles())
        .filter(b -> "gateway.marketplace".equals(b.getSymbolicName())).findFirst().orElseThrow();
    Class<?> type = marketplace.loadClass(PIPELINE);
    Object pipeline = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      switch (method.getName()) {
        case "install":
          if (args.length == 2) {
            installs.add((InstallRequest) args[0]);
            return Map.of("id", "echo", "version", "1.0.0", "state", "pending_approval");
          }
          break;
        case "toString":
          return "stand-in pipeline";
        case "hashCode":
          return System.identityHashCode(proxy);
        case "equals":
          return proxy == args[0];
        default:
          break;
      }
      throw new UnsupportedOperationException("the stand-in pipeline does not " + method.getName());
    });
    gateway.context().registerService(PIPELINE, pipeline, lowest);
  }
}
