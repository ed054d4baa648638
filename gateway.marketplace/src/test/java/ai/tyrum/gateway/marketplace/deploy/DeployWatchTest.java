package ai.tyrum.gateway.marketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy folder's thread: it notices changes by itself and stops when closed. */
class DeployWatchTest {

  /** Only bounds a hang: nothing here asserts how long anything took. */
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path temp;

  private Path folder;
  private final FakePipeline pipeline = new FakePipeline();

  @BeforeEach
  void createFolder() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "the checks are POSIX ones");
    folder = Files.createDirectory(temp.resolve("deploy")).toRealPath();
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
  }

  @Test
  void jarDroppedWhileWatchingIsInstalledAndRemovingItUninstalls() throws IOException {
    try (DeployWatch watch = watch(Duration.ofHours(1))) {
      watch.start();
      Path jar = Files.write(folder.resolve("echo.jar"), DeployScanTest.jar("echo", "a"));
      await("echo is installed", () -> pipeline.entry("echo").isPresent());
      assertThat(pipeline.calls).containsExactly("install " + jar + " deploy deploy");

      Files.delete(jar);
      await("echo is uninstalled", () -> pipeline.calls.contains("uninstall echo purge=false deploy"));
    }
  }

  @Test
  void jarPresentAtStartIsInstalledByTheFirstScan() throws IOException {
    Path jar = Files.write(folder.resolve("echo.jar"), DeployScanTest.jar("echo", "a"));
    try (DeployWatch watch = watch(Duration.ofHours(1))) {
      watch.start();
      await("echo is installed", () -> pipeline.calls.contains("install " + jar + " deploy deploy"));
    }
  }

  @Test
  void closingStopsTheThread() {
    DeployWatch watch = watch(Duration.ofMillis(5));
    watch.start();
    await("the thread runs", DeployWatchTest::threadAlive);

    watch.close();

    assertThat(threadAlive()).isFalse();
  }

  private DeployWatch watch(Duration rescan) {
    Duration settle = Duration.ofMillis(20);
    DeployScan scan = new DeployScan(folder, pipeline, pipeline, (type, payload) -> 1, settle, System::nanoTime,
        System.getProperty("user.name"));
    return new DeployWatch(folder, scan, settle, rescan);
  }

  private static boolean threadAlive() {
    return Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("tyrum-deploy-folder") && t.isAlive());
  }

  private static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + DEADLINE.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as("waiting until " + what).isNegative();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }
}
