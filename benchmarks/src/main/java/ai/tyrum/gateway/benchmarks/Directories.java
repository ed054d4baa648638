package ai.tyrum.gateway.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** Work folders of the benchmarks: data dirs are private (mode 700), as the gateway requires. */
public final class Directories {

  private Directories() {}

  /** Creates {@code dir} (and its parents) with mode 700. */
  public static Path createPrivate(Path dir) throws IOException {
    Files.createDirectories(dir.toAbsolutePath().getParent());
    return Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
  }

  /** Copies a tree with its files' modes (the store's jars stay read-only), leaving out what {@code skip} names. */
  public static void copy(Path from, Path to, Predicate<Path> skip) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path relative = from.relativize(path);
        if (skip.test(relative)) {
          continue;
        }
        Path target = to.resolve(relative.toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
          Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(path));
        } else {
          Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  /** Deletes a tree if it exists. */
  public static void delete(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
