package ai.tyrum.gateway.marketplace.gate;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.osgi.framework.Bundle;

/**
 * The jar bytes the framework holds for a bundle's current revision: what it loads classes from, so
 * what is verified. Felix keeps each revision of an installed jar in its cache as
 * {@code bundle<id>/version<refresh>.<revision>/bundle.jar}; the current revision is the newest.
 */
public final class FrameworkBytes {

  private static final Pattern REVISION = Pattern.compile("version(\\d+)\\.(\\d+)");

  private FrameworkBytes() {}

  /** The cached jar of {@code bundle}'s current revision; empty when the framework keeps none there. */
  public static Optional<Path> jar(Bundle bundle) {
    File data = bundle.getDataFile("");
    if (data == null) {
      return Optional.empty();
    }
    Path archive = data.toPath().getParent();
    try (Stream<Path> revisions = Files.list(archive)) {
      return revisions
          .filter(p -> REVISION.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.isRegularFile(p.resolve("bundle.jar")))
          .max(Comparator.comparingLong(FrameworkBytes::order))
          .map(p -> p.resolve("bundle.jar"));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Reads at most {@code limit} bytes of the cached jar; empty when absent or larger. */
  public static Optional<byte[]> read(Bundle bundle, long limit) throws IOException {
    Optional<Path> jar = jar(bundle);
    if (jar.isEmpty() || Files.size(jar.get()) > limit) {
      return Optional.empty();
    }
    return Optional.of(Files.readAllBytes(jar.get()));
  }

  private static long order(Path revision) {
    Matcher m = REVISION.matcher(revision.getFileName().toString());
    m.matches();
    return Long.parseLong(m.group(1)) * 1_000_000L + Long.parseLong(m.group(2));
  }
}
