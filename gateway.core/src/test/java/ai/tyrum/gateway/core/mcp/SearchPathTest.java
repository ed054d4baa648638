package ai.tyrum.gateway.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchPathTest {

  @TempDir Path dir;

  private Path executable(String folder, String name) throws IOException {
    Path file = Files.createDirectories(dir.resolve(folder)).resolve(name);
    Files.writeString(file, "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    return file;
  }

  @Test
  void searchesThePropertyThenTheHomesServersThenThePath() {
    SearchPath path = SearchPath.of(Optional.of("/a:/b"), Optional.of("/home"), Optional.of("/usr/bin:/a"));

    assertThat(path.dirs()).extracting(Path::toString)
        .containsExactly("/a", "/b", "/home/mcp/node_modules/.bin", "/usr/bin");
    assertThat(path.text()).isEqualTo("/a:/b:/home/mcp/node_modules/.bin:/usr/bin");
  }

  @Test
  void findsTheFirstExecutableOfTheNameAndSkipsFilesThatAreNot() throws IOException {
    Path plain = Files.createDirectories(dir.resolve("first")).resolve("server");
    Files.writeString(plain, "not executable");
    Path wanted = executable("second", "server");
    executable("third", "server");
    SearchPath path = SearchPath.of(Optional.of(dir.resolve("first") + ":" + dir.resolve("second")),
        Optional.empty(), Optional.of(dir.resolve("third").toString()));

    assertThat(path.resolve("server")).isEqualTo(wanted);
  }

  @Test
  void aCommandNotFoundNamesEveryFolderSearched() {
    SearchPath path = SearchPath.of(Optional.of("/nowhere"), Optional.of("/home"), Optional.empty());

    assertThatThrownBy(() -> path.resolve("missing-server"))
        .isInstanceOfSatisfying(McpStartException.class, e -> assertThat(e.code()).isEqualTo("command_not_found"))
        .hasMessageContaining("\"missing-server\"").hasMessageContaining("/nowhere:/home/mcp/node_modules/.bin")
        .hasMessageContaining("tyrum.mcp.path");
  }

  @Test
  void aRelativePathIsRefusedAndAnAbsoluteOneIsTakenAsItIs() throws IOException {
    Path absolute = executable("bin", "server");
    SearchPath path = SearchPath.of(Optional.empty(), Optional.empty(), Optional.empty());

    assertThat(path.resolve(absolute.toString())).isEqualTo(absolute);
    assertThatThrownBy(() -> path.resolve("bin/server")).hasMessageContaining("relative path");
  }

  @Test
  void theEnvironmentIsExactlyTheDefinitionsAndThePath() {
    SearchPath path = SearchPath.of(Optional.of("/a"), Optional.empty(), Optional.empty());

    assertThat(path.environment(Map.of("GREETING", "hello"))).containsExactlyInAnyOrderEntriesOf(Map.of("GREETING", "hello", "PATH", "/a"));
  }
}
