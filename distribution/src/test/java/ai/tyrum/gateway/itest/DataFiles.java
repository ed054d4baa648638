package ai.tyrum.gateway.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files a test puts into the data dir before the gateway starts: owner-only, as the gateway makes its own. */
final class DataFiles {

  private DataFiles() {}

  /**
   * Writes {@code content} to {@code relative} under {@code data}, creating its folders 0700.
   *
   * @throws IllegalArgumentException if {@code relative} is absolute or leaves the data dir
   */
  static Path write(Path data, String relative, String content) {
    Path file = data.resolve(relative).normalize();
    if (Path.of(relative).isAbsolute() || !file.startsWith(data) || file.equals(data)) {
      throw new IllegalArgumentException(relative + " is not a file inside the data dir");
    }
    try {
      createFolders(data, file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private static void createFolders(Path data, Path dir) throws IOException {
    Path current = data;
    for (Path segment : data.relativize(dir)) {
      current = current.resolve(segment);
      if (Files.notExists(current)) {
        Files.createDirectory(current);
        // set after creation: the umask may have taken bits away from what creation asked for
        Files.setPosixFilePermissions(current, PosixFilePermissions.fromString("rwx------"));
      }
    }
  }
}
