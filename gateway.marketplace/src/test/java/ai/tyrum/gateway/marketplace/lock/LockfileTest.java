package ai.tyrum.gateway.marketplace.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.spi.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LockfileTest {

  @TempDir Path data;
  private boolean diskFull;

  private final DataDirectory directory = new DataDirectory() {
    @Override
    public Path dir(String name) {
      return data.resolve(name);
    }

    @Override
    public void writeAtomically(Path target, byte[] bytes) throws IOException {
      if (diskFull) {
        throw new IOException("No space left on device");
      }
      Files.write(target, bytes);
    }
  };

  @Test
  void aDataDirWithoutALockfileHasNoPluginAndHasNeverInstalledOne() {
    Lockfile lockfile = Lockfile.open(data, directory);

    assertThat(lockfile.entries()).isEmpty();
    assertThat(lockfile.exists()).isFalse();
  }

  @Test
  void aLockfileThatDoesNotParseIsRefusedNamingTheFileAndWhatToDo() throws IOException {
    Files.writeString(data.resolve(Lockfile.FILE), "{\"format\":\"tyrum.plugins.lock.v1\",\"plugins\":[]}");

    assertThatThrownBy(() -> Lockfile.open(data, directory))
        .isInstanceOfSatisfying(LockfileException.class, e -> assertThat(e.code()).isEqualTo("lockfile_invalid"))
        .hasMessageContaining("at /plugins")
        .hasMessageContaining("restore it from a backup");
  }

  @Test
  void aWriteThatFailsChangesNothing() {
    Lockfile lockfile = Lockfile.open(data, directory);
    Locked echo = new Locked(LockfileFormatTest.entry("echo", "1.0.0", "a".repeat(64)), "tyrum:plugin:echo", Map.of());
    lockfile.update("echo", none -> Optional.of(echo));

    diskFull = true;
    Locked notes = new Locked(LockfileFormatTest.entry("notes", "1.0.0", "b".repeat(64)), "tyrum:plugin:notes", Map.of());
    assertThatThrownBy(() -> lockfile.update("notes", none -> Optional.of(notes)))
        .isInstanceOfSatisfying(LockfileException.class, e -> assertThat(e.code()).isEqualTo("lockfile_write_failed"))
        .hasMessageContaining("nothing was changed");

    assertThat(lockfile.entries()).extracting(e -> e.id()).containsExactly("echo");
    assertThat(Lockfile.open(data, directory).entries()).extracting(e -> e.id()).containsExactly("echo");
  }

  @Test
  void anEntryIsFoundByItsLocationAfterEveryChangeAndAReopen() {
    Lockfile lockfile = Lockfile.open(data, directory);
    Locked echo = new Locked(LockfileFormatTest.entry("echo", "1.0.0", "a".repeat(64)), "tyrum:plugin:echo", Map.of());
    Locked notes = new Locked(LockfileFormatTest.entry("notes", "1.0.0", "b".repeat(64)), "tyrum:plugin:notes", Map.of());
    lockfile.update("echo", none -> Optional.of(echo));
    lockfile.update("notes", none -> Optional.of(notes));

    assertThat(lockfile.atLocation("tyrum:plugin:notes")).contains(notes);
    lockfile.update("notes", current -> Optional.empty());
    assertThat(lockfile.atLocation("tyrum:plugin:notes")).isEmpty();
    assertThat(lockfile.atLocation("tyrum:plugin:echo")).contains(echo);

    diskFull = true;
    assertThatThrownBy(() -> lockfile.update("echo", current -> Optional.empty())).isInstanceOf(LockfileException.class);
    assertThat(lockfile.atLocation("tyrum:plugin:echo")).as("a write that failed changed nothing").contains(echo);
    diskFull = false;
    assertThat(Lockfile.open(data, directory).atLocation("tyrum:plugin:echo")).contains(echo);
  }
}
