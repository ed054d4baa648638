package ai.tyrum.gateway.marketplace.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The deploy folder's rules, one scan at a time on a clock the test moves (no test waits for time to pass). */
class DeployScanTest {

  private static final Duration SETTLE = Duration.ofMillis(150);
  private static final String USER = System.getProperty("user.name");
  private static final Logger SCAN_LOG = Logger.getLogger(DeployScan.class.getName());

  @TempDir Path temp;

  private Path folder;
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final FakePipeline pipeline = new FakePipeline();
  private final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
  private DeployScan scan;

  @BeforeEach
  void createFolder() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "the checks are POSIX ones");
    folder = Files.createDirectory(temp.resolve("deploy")).toRealPath();
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    scan = restart();
  }

  /** A new scan over the same folder and lockfile, remembering nothing: the gateway after a restart. */
  private DeployScan restart() {
    return new DeployScan(folder, pipeline, pipeline, (type, payload) -> {
      assertThat(type).isEqualTo("plugin.lifecycle");
      events.add(payload);
      return events.size();
    }, SETTLE, now::get, USER);
  }

  @Test
  void droppedJarGoesToThePipelineAsADeployInstallOnceItSettled() throws IOException {
    Path jar = drop("echo.jar", jar("echo", "a"));

    assertThat(scan.scan()).as("still settling").isTrue();
    assertThat(pipeline.calls).isEmpty();
    later();
    assertThat(scan.scan()).isFalse();

    assertThat(pipeline.calls).containsExactly("install " + jar + " deploy deploy");
    assertThat(pipeline.requests.get(0))
        .isEqualTo(InstallRequest.file(jar, Optional.empty(), List.of(), "deploy"));
    scanSettled();
    assertThat(pipeline.calls).as("the same bytes are offered once").hasSize(1);
    assertThat(events).isEmpty();
  }

  @Test
  void jarStillGrowingIsNotTakenUntilItStaysTheSameForTheSettleTime() throws IOException {
    byte[] bytes = jar("echo", "a");
    Path jar = drop("echo.jar", Arrays.copyOf(bytes, bytes.length / 2));
    scan.scan();
    later();
    Files.write(jar, bytes);
    scan.scan();

    assertThat(pipeline.calls).as("it changed within the settle time").isEmpty();
    later();
    scan.scan();
    assertThat(pipeline.calls).containsExactly("install " + jar + " deploy deploy");
  }

  @Test
  void halfWrittenJarIsHeldBackWithoutAnEventAndTakenOnceComplete() throws IOException {
    byte[] bytes = jar("echo", "a");
    Path jar = drop("echo.jar", Arrays.copyOf(bytes, bytes.length - 10));

    scanSettled();
    scanSettled();
    assertThat(pipeline.calls).as("a jar without its zip end record is being written").isEmpty();
    assertThat(events).as("and is never refused for it").isEmpty();

    Files.write(jar, bytes);
    scanSettled();
    assertThat(pipeline.calls).containsExactly("install " + jar + " deploy deploy");
  }

  @Test
  void removingTheJarUninstallsItsPluginWithoutPurging() throws IOException {
    Path jar = drop("echo.jar", jar("echo", "a"));
    scanSettled();

    Files.delete(jar);
    scan.scan();

    assertThat(pipeline.calls).containsExactly("install " + jar + " deploy deploy", "uninstall echo purge=false deploy");
    assertThat(pipeline.entries()).isEmpty();
  }

  @Test
  void jarReplacedByNewBytesIsInstalledAgainFromTheSamePath() throws IOException {
    Path jar = drop("echo.jar", jar("echo", "a"));
    scanSettled();

    Path next = Files.write(temp.resolve("next.jar"), jar("echo", "b, a newer build"));
    Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    scanSettled();

    assertThat(pipeline.calls).containsExactly("install " + jar + " deploy deploy", "install " + jar + " deploy deploy");
  }

  @Test
  void jarReplacedByAnotherPluginUninstallsThePluginItHeldBefore() throws IOException {
    Path jar = drop("tools.jar", jar("echo", "a"));
    scanSettled();

    Path next = Files.write(temp.resolve("next.jar"), jar("notes", "a"));
    Files.move(next, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    scanSettled();

    assertThat(pipeline.calls).containsExactly(
        "install " + jar + " deploy deploy", "install " + jar + " deploy deploy", "uninstall echo purge=false deploy");
    assertThat(pipeline.entries()).extracting(e -> e.id()).containsExactly("notes");
  }

  @Test
  void jarThePipelineRefusedIsNotOfferedAgainUntilItChanges() throws IOException {
    pipeline.refuse("permission_not_granted");
    Path jar = drop("echo.jar", jar("echo", "a"));
    scanSettled();
    scanSettled();
    assertThat(pipeline.calls).hasSize(1);

    Files.write(jar, jar("echo", "a fixed build"));
    scanSettled();
    assertThat(pipeline.calls).hasSize(2);
  }

  @Test
  void worldWritableJarIsRefusedWithOneEventPerStateAndTakenOnceFixed() throws IOException {
    Path jar = drop("echo.jar", jar("echo", "a"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));

    scanSettled();
    scanSettled();
    scanSettled();

    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_world_writable", jar, "chmod o-w " + jar);
    assertThat(pipeline.calls).isEmpty();
    assertThat(jar).as("left where it is for the operator to fix").exists();

    Files.write(jar, jar("echo", "still world-writable, new bytes"));
    scanSettled();
    assertThat(events).as("a new state of the refused file is a new event").hasSize(2);

    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    scanSettled();
    assertThat(pipeline.calls).containsExactly("install " + jar + " deploy deploy");
    assertThat(events).hasSize(2);
  }

  @Test
  void jarOwnedByAnotherUserIsRefused() throws IOException {
    Path jar = drop("echo.jar", jar("echo", "a"));
    giveToNobody(jar);

    scanSettled();

    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_foreign_owner", jar, "chown -h " + USER + " " + jar);
    assertThat((List<?>) events.get(0).get("details")).first().asString().contains("owned by nobody");
    assertThat(pipeline.calls).isEmpty();
  }

  @Test
  void symlinkLeavingTheFolderIsRefusedAndNamesItsTarget() throws IOException {
    Path outside = Files.write(temp.resolve("elsewhere.jar"), jar("echo", "a"));
    Path link = Files.createSymbolicLink(folder.resolve("echo.jar"), outside);

    scanSettled();

    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_symlink_escape", link, outside.toRealPath().toString());
    assertThat(pipeline.calls).isEmpty();
  }

  @Test
  void symlinkThroughAnotherLinkOutOfTheFolderIsRefused() throws IOException {
    Path outside = Files.write(temp.resolve("elsewhere.jar"), jar("echo", "a"));
    Files.createDirectory(folder.resolve("sub"));
    Files.createSymbolicLink(folder.resolve("sub/hop.jar"), outside);
    Path link = Files.createSymbolicLink(folder.resolve("echo.jar"), Path.of("sub/hop.jar"));

    scanSettled();

    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_symlink_escape", link, outside.toRealPath().toString());
  }

  @Test
  void symlinkInsideTheFolderIsFollowedAndInstalledUnderItsOwnName() throws IOException {
    Files.createDirectory(folder.resolve("builds"));
    Path target = Files.write(folder.resolve("builds/echo-1.0.0.jar"), jar("echo", "a"));
    Path link = Files.createSymbolicLink(folder.resolve("echo.jar"), Path.of("builds/echo-1.0.0.jar"));

    scanSettled();
    assertThat(pipeline.calls).containsExactly("install " + link + " deploy deploy");
    assertThat(events).isEmpty();

    Files.delete(link);
    scan.scan();
    assertThat(pipeline.calls).last().isEqualTo("uninstall echo purge=false deploy");
    assertThat(target).exists();
  }

  @Test
  void danglingSymlinkIsRefusedAsNotAFile() throws IOException {
    Path link = Files.createSymbolicLink(folder.resolve("echo.jar"), Path.of("gone.jar"));

    scanSettled();

    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_not_a_file", link, "does not exist");
  }

  @Test
  void directoryNamedLikeAJarIsRefusedAsNotAFile() throws IOException {
    Path dir = Files.createDirectory(folder.resolve("echo.jar"));

    scanSettled();

    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_not_a_file", dir, "is a directory");
  }

  @Test
  void symlinkToTheFolderItselfIsRefusedAsNotAFile() throws IOException {
    Path link = Files.createSymbolicLink(folder.resolve("loop.jar"), Path.of("."));

    scanSettled();

    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_not_a_file", link, "is a directory");
  }

  @Test
  void pipeNamedLikeAJarIsRefusedWithoutBeingOpened() throws Exception {
    Path pipe = folder.resolve("echo.jar");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
    } catch (IOException e) {
      assumeTrue(false, "no mkfifo here: " + e);
      return;
    }
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");

    scanSettled(); // opening the pipe would block this scan for ever

    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_not_a_file", pipe, "not a regular file");
  }

  @Test
  void hiddenAndTemporaryFilesAreIgnored() throws IOException {
    drop(".echo.jar", jar("echo", "a"));
    drop("echo.jar.part", jar("echo", "a"));
    drop("echo.jar.tmp", jar("echo", "a"));
    drop("notes.zip", jar("notes", "a"));
    Path hidden = drop(".world.jar", jar("echo", "b"));
    Files.setPosixFilePermissions(hidden, PosixFilePermissions.fromString("rw-rw-rw-"));

    scanSettled();

    assertThat(pipeline.calls).isEmpty();
    assertThat(events).isEmpty();
  }

  @Test
  void restartKeepsWhatTheFolderAlreadyInstalledAndDoesNotInstallItAgain() throws IOException {
    drop("echo.jar", jar("echo", "a"));
    scanSettled();

    scan = restart();
    scanSettled();

    assertThat(pipeline.calls).hasSize(1);
  }

  @Test
  void restartUninstallsDeployedPluginsWhoseJarWentAwayMeanwhile() throws IOException {
    Path jar = drop("echo.jar", jar("echo", "a"));
    scanSettled();

    Files.delete(jar);
    pipeline.lockEntry("notes", folder.resolve("notes.jar"), "00", 10, PluginOrigin.DEPLOY);
    scan = restart();
    scan.scan();

    assertThat(pipeline.calls).containsExactly("install " + jar + " deploy deploy", "uninstall echo purge=false deploy",
        "uninstall notes purge=false deploy");
    assertThat(pipeline.entries()).isEmpty();
  }

  @Test
  void restartInstallsJarsDroppedOrReplacedMeanwhile() throws IOException {
    Path echo = drop("echo.jar", jar("echo", "a"));
    scanSettled();

    Files.write(echo, jar("echo", "a newer build, same path"));
    Path notes = drop("notes.jar", jar("notes", "a"));
    scan = restart();
    scanSettled();

    assertThat(pipeline.calls).containsExactly(
        "install " + echo + " deploy deploy", "install " + echo + " deploy deploy", "install " + notes + " deploy deploy");
  }

  @Test
  void pluginsInstalledThroughOtherDoorsAreNotTheFoldersBusiness() throws IOException {
    pipeline.lockEntry("echo", folder.resolve("echo.jar"), "00", 10, PluginOrigin.LOCAL);
    pipeline.lockEntry("notes", folder.resolve("notes.jar"), "00", 10, PluginOrigin.CATALOG);

    scanSettled();

    assertThat(pipeline.calls).isEmpty();
    assertThat(pipeline.entries()).hasSize(2);
  }

  @Test
  void worldWritableFolderTakesNothingAndRemovesNothing() throws IOException {
    drop("echo.jar", jar("echo", "a"));
    pipeline.lockEntry("notes", folder.resolve("notes.jar"), "00", 10, PluginOrigin.DEPLOY);
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));

    scanSettled();
    scanSettled();

    assertThat(pipeline.calls).isEmpty();
    assertThat(events).hasSize(1);
    assertRefusal(events.get(0), "deploy_world_writable", folder, "chmod 700 " + folder);

    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwx------"));
    scanSettled();
    assertThat(pipeline.calls).containsExactly("uninstall notes purge=false deploy", "install " + folder.resolve("echo.jar") + " deploy deploy");
  }

  @Test
  void failedRecordOfARefusalIsTriedAgainAtTheNextScan() throws IOException {
    List<Map<String, Object>> recorded = new CopyOnWriteArrayList<>();
    AtomicLong failures = new AtomicLong(1);
    scan = new DeployScan(folder, pipeline, pipeline, (type, payload) -> {
      if (failures.getAndDecrement() > 0) {
        throw new IllegalStateException("the audit log is not writable");
      }
      recorded.add(payload);
      return recorded.size();
    }, SETTLE, now::get, USER);
    Path jar = drop("echo.jar", jar("echo", "a"));
    Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-rw-"));

    Level level = SCAN_LOG.getLevel();
    SCAN_LOG.setLevel(Level.OFF); // the failed record is logged as an error, expected here
    try {
      scanSettled();
      scanSettled();
      scanSettled();
    } finally {
      SCAN_LOG.setLevel(level);
    }

    assertThat(recorded).hasSize(1);
  }

  private void assertRefusal(Map<String, Object> event, String reason, Path source, String inMessage) {
    assertThat(event).containsEntry("kind", "failed").containsEntry("reason", reason).containsEntry("source", source.toString());
    assertThat(event.get("plugin")).isEqualTo(Map.of("id", "", "version", "", "bundle", ""));
    assertThat((List<?>) event.get("details")).singleElement().asString().contains(inMessage);
  }

  /** A scan, then another one the settle time later: what a file that stays put goes through. */
  private void scanSettled() {
    scan.scan();
    later();
    scan.scan();
  }

  private void later() {
    now.addAndGet(SETTLE.toNanos());
  }

  private Path drop(String name, byte[] bytes) throws IOException {
    return Files.write(folder.resolve(name), bytes);
  }

  private static void giveToNobody(Path file) throws IOException {
    UserPrincipal nobody;
    try {
      nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS).setOwner(nobody);
    } catch (IOException | UnsupportedOperationException e) {
      assumeTrue(false, "cannot give a file to another user here (needs root): " + e);
    }
  }

  /** A jar naming plugin {@code id}; {@code build} tells builds apart. */
  static byte[] jar(String id, String build) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry("plugin-id"));
      zip.write(id.getBytes(StandardCharsets.UTF_8));
      zip.putNextEntry(new ZipEntry("build"));
      zip.write(build.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
