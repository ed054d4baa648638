package ai.tyrum.gateway.itest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The data dir of a test framework and the files a test puts into it before the gateway starts:
 * owner-only, as the gateway requires its data dir and makes its own files.
 */
final class DataFiles {

  private static final String OWNER_ONLY = "rwx------";

  private DataFiles() {}

  /** A new, empty temporary data dir, mode 0700. */
  static Path createDataDir() {
    try {
      Path dir = Files.createTempDirectory("tyrum-itest-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
      // the umask may have taken bits away; the gateway refuses a data dir that is not owner-only
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(OWNER_ONLY));
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a data dir", e);
    }
  }

  /** Removes {@code dir} and everything in it, read-only folders (the plugin store) included. */
  static void delete(Path dir) {
    if (Files.notExists(dir, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      List<Path> all = paths.sorted(Comparator.reverseOrder()).toList();
      for (Path path : all) {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(OWNER_ONLY));
        }
      }
      for (Path path : all) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + dir, e);
    }
  }

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
        Files.setPosixFilePermissions(current, PosixFilePermissions.fromString(OWNER_ONLY));
      }
    }
  }
}
