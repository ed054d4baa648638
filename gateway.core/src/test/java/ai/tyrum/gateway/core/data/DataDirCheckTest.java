package ai.tyrum.gateway.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataDirCheckTest {

  @TempDir Path temp;

  @Test
  void anOwnerOnlyDirOfTheCurrentUserHasNoProblem() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("data"));
    setMode(dir, "rwx------");
    assertThat(DataDirCheck.check(dir)).isEmpty();
  }

  @Test
  void aMissingDirHasNoProblemBecauseTheGatewayCreatesIt() {
    assertThat(DataDirCheck.check(temp.resolve("not-yet"))).isEmpty();
  }

  @Test
  void aWorldWritableDirIsRefusedWithTheChmodThatFixesIt() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("data"));
    setMode(dir, "rwxrwxrwx");
    assertThat(DataDirCheck.check(dir))
        .hasValueSatisfying(problem -> assertThat(problem)
            .contains("world-writable")
            .contains("chmod 700 " + dir.toAbsolutePath()));
  }

  @Test
  void theFixQuotesPathsTheShellWouldSplit() throws IOException {
    Path dir = Files.createDirectory(temp.resolve("my data"));
    setMode(dir, "rwxrwxrwx");
    assertThat(DataDirCheck.check(dir)).hasValueSatisfying(problem -> assertThat(problem)
        .contains("chmod 700 '" + dir.toAbsolutePath() + "'"));
  }

  @Test
  void aFileIsNotADataDir() throws IOException {
    Path file = Files.writeString(temp.resolve("data"), "x");
    assertThat(DataDirCheck.check(file)).hasValueSatisfying(problem -> assertThat(problem).contains("not a directory"));
  }

  @Test
  void aDirOwnedByAnotherUserIsRefusedWithTheChownThatFixesIt() throws IOException {
    assumeTrue(isPosix());
    Path dir = Files.createDirectory(temp.resolve("data"));
    UserPrincipal nobody;
    try {
      nobody = dir.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.setOwner(dir, nobody);
    } catch (IOException | UnsupportedOperationException e) {
      assumeTrue(false, "cannot give a dir to another user here (needs root): " + e);
      return;
    }
    assertThat(DataDirCheck.check(dir))
        .hasValueSatisfying(problem -> assertThat(problem)
            .contains("owned by nobody")
            .contains("chown -R " + System.getProperty("user.name") + " " + dir.toAbsolutePath()));
  }

  private static void setMode(Path dir, String mode) throws IOException {
    assumeTrue(isPosix());
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(mode));
  }

  private static boolean isPosix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }
}
