package ai.tyrum.gateway.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayHomeTest {

  @TempDir Path temp;

  @Test
  void rootIsCreatedAbsoluteAndOwnerOnly() throws IOException {
    GatewayHome home = new GatewayHome(temp.resolve("parent/data"));
    assertThat(home.root()).isAbsolute().isDirectory().isEqualTo(temp.resolve("parent/data"));
    assertOwnerOnly(home.root());
  }

  @Test
  void dirCreatesAMissingSubdirectoryOwnerOnlyAndReturnsTheSameOneLater() throws IOException {
    GatewayHome home = new GatewayHome(temp.resolve("data"));
    Path audit = home.dir("audit");
    assertThat(audit).isDirectory().isEqualTo(home.root().resolve("audit"));
    assertOwnerOnly(audit);
    Files.writeString(audit.resolve("kept"), "x");
    assertThat(home.dir("audit")).isEqualTo(audit);
    assertThat(audit.resolve("kept")).hasContent("x");
  }

  @Test
  void dirCreatesNestedNames() throws IOException {
    GatewayHome home = new GatewayHome(temp.resolve("data"));
    Path nested = home.dir("store/sha256");
    assertThat(nested).isDirectory().isEqualTo(home.root().resolve("store").resolve("sha256"));
    assertOwnerOnly(home.root().resolve("store"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "..", "../escape", "a/../../b", "/etc", "Audit", "a//b", "a/", ".hidden"})
  void dirRefusesNamesThatAreNotPlainRelativeNames(String name) {
    GatewayHome home = new GatewayHome(temp.resolve("data"));
    assertThatThrownBy(() -> home.dir(name)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void dirFailsWhenAFileStandsInTheWay() throws IOException {
    GatewayHome home = new GatewayHome(temp.resolve("data"));
    Files.writeString(home.root().resolve("tokens"), "not a dir");
    assertThatThrownBy(() -> home.dir("tokens")).isInstanceOf(UncheckedIOException.class);
  }

  private static void assertOwnerOnly(Path dir) throws IOException {
    assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
  }
}
