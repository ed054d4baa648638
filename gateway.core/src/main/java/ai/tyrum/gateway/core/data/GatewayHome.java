package ai.tyrum.gateway.core.data;

import ai.tyrum.gateway.spi.DataDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The gateway's data dir (DESIGN §2): framework property {@code tyrum.data}, default {@code ./data},
 * with its atomic writes, for every bundle of the gateway. The launcher checks ownership and mode
 * before the framework starts ({@link DataDirCheck}); this component only creates what is missing,
 * owner-only.
 */
@Component(service = DataDirectory.class)
public final class GatewayHome implements DataDirectory {

  /** Framework property naming the data dir. */
  public static final String DATA_PROPERTY = "tyrum.data";

  private static final String DEFAULT_DATA = "./data";
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  /** Relative names only, one or more plain segments: no way out of the data dir. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)*");

  private final Path root;

  /** The data dir the framework property names. */
  @Activate
  public GatewayHome(BundleContext context) {
    this(configured(context.getProperty(DATA_PROPERTY)));
  }

  /** A data dir at {@code root}, created if missing. */
  public GatewayHome(Path root) {
    this.root = prepare(root);
  }

  private static Path configured(String property) {
    return Path.of(property == null || property.isBlank() ? DEFAULT_DATA : property);
  }

  /** The absolute data dir. */
  public Path root() {
    return root;
  }

  /**
   * The subdirectory {@code name} of the data dir (such as {@code audit} or {@code store/sha256}),
   * created 0700 if missing.
   *
   * @throws IllegalArgumentException if {@code name} is not a plain relative name
   * @throws UncheckedIOException if it cannot be created or exists as something other than a directory
   */
  @Override
  public Path dir(String name) {
    if (name == null || !NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException("not a data dir name: " + name);
    }
    Path dir = root;
    for (String segment : name.split("/")) {
      dir = dir.resolve(segment);
      createOwnerOnly(dir);
    }
    return dir;
  }

  @Override
  public void writeAtomically(Path target, byte[] bytes) throws IOException {
    AtomicFiles.write(target, bytes);
  }

  private static Path prepare(Path configured) {
    Path absolute = configured.toAbsolutePath().normalize();
    Path parent = absolute.getParent();
    try {
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the parent of data dir " + absolute, e);
    }
    createOwnerOnly(absolute);
    return absolute;
  }

  private static void createOwnerOnly(Path dir) {
    try {
      if (Files.isDirectory(dir)) {
        return;
      }
      try {
        Files.createDirectory(dir, ownerOnly());
      } catch (FileAlreadyExistsException raced) {
        // Another component created it first, or it is something else: decided below.
      }
      if (!Files.isDirectory(dir)) {
        throw new IOException(dir + " exists but is not a directory");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create data dir " + dir, e);
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))}
        : new FileAttribute<?>[0];
  }
}
