package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirectoryTest {
  @TempDir
  Path temp;

  @Test
  void createsMissingDataDirReadableByItsOwnerOnly() throws Exception {
    Path data = DataDirectory.prepare(temp.resolve("a/b/data"));

    assertThat(data).isDirectory().isAbsolute();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data))).isEqualTo("rwx------");
  }

  @Test
  void refusesWorldWritableDataDirAndSaysHowToFixIt() throws Exception {
    Path data = Files.createDirectory(temp.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertThatThrownBy(() -> DataDirectory.prepare(data))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("world-writable")
        .hasMessageContaining("chmod 700 " + data);
  }

  @Test
  void acceptsExistingGroupReadableDataDir() throws Exception {
    Path data = Files.createDirectory(temp.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-x---"));

    assertThat(DataDirectory.prepare(data)).isEqualTo(data);
  }

  @Test
  void refusesDataDirThatIsAFile() throws Exception {
    Path file = Files.createFile(temp.resolve("data"));

    assertThatThrownBy(() -> DataDirectory.prepare(file))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("not a directory");
  }

  @Test
  void refusesDataDirLockedByAnotherGatewayUntilItIsReleased() throws Exception {
    Path data = DataDirectory.prepare(temp.resolve("data"));
    FileLock first = DataDirectory.lock(data);

    assertThatThrownBy(() -> DataDirectory.lock(data))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("in use by another gateway (process " + ProcessHandle.current().pid() + ")");

    DataDirectory.unlock(first);
    DataDirectory.unlock(DataDirectory.lock(data));
  }

  @Test
  void writesFilesAtomicallyLeavingNoTemporaryFileBehind() throws Exception {
    Path file = temp.resolve("marker");
    DataDirectory.writeAtomically(file, "one");
    DataDirectory.writeAtomically(file, "two");

    assertThat(file).hasContent("two");
    try (Stream<Path> files = Files.list(temp)) {
      assertThat(files).containsExactly(file);
    }
  }
}
