package ai.tyrum.gateway.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

  @TempDir Path dir;

  @Test
  void writeCreatesTheFileWithTheBytes() throws IOException {
    Path target = dir.resolve("state.json");
    AtomicFiles.write(target, "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    assertThat(target).hasContent("{\"a\":1}");
  }

  @Test
  void writeReplacesTheWholeContentAndLeavesNoTempFile() throws IOException {
    Path target = dir.resolve("state.json");
    AtomicFiles.write(target, "a much longer first version".getBytes(StandardCharsets.UTF_8));
    AtomicFiles.write(target, "short".getBytes(StandardCharsets.UTF_8));
    assertThat(target).hasContent("short");
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void writeMakesTheFileOwnerOnly() throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    Path target = dir.resolve("secret.json");
    Files.writeString(target, "old");
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r--r--"));
    AtomicFiles.write(target, new byte[] {1, 2, 3});
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
  }

  @Test
  void writeIntoAMissingDirectoryFailsAndCreatesNothing() {
    Path target = dir.resolve("missing").resolve("state.json");
    assertThatThrownBy(() -> AtomicFiles.write(target, new byte[0])).isInstanceOf(IOException.class);
    assertThat(dir.resolve("missing")).doesNotExist();
  }

  @Test
  void writeOfAnEmptyArrayLeavesAnEmptyFile() throws IOException {
    Path target = dir.resolve("empty");
    AtomicFiles.write(target, new byte[0]);
    assertThat(target).isEmptyFile();
  }
}
