package ai.tyrum.gateway.marketplace.store;

import ai.tyrum.gateway.spi.DataDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * {@code store/} in the data dir: verified plugin jars, content-addressed by their SHA-256
 * ({@code store/<hex>.jar}) and read-only once written. Reading one back checks its digest again.
 */
public final class PluginStore {

  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private final Path dir;
  private final DataDirectory data;

  public PluginStore(DataDirectory data) {
    this.data = data;
    this.dir = data.dir("store");
  }

  public Path dir() {
    return dir;
  }

  public Path path(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("not a SHA-256: " + sha256);
    }
    return dir.resolve(sha256 + ".jar");
  }

  /** Stores verified bytes whose digest is {@code sha256}; storing the same bytes again changes nothing. */
  public void put(String sha256, byte[] bytes) throws IOException {
    Path target = path(sha256);
    if (read(sha256).isPresent()) {
      return;
    }
    if (Files.exists(target)) {
      // a damaged copy (its digest differs): replace it
      target.toFile().setWritable(true, true);
    }
    data.writeAtomically(target, bytes);
    try {
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--------"));
    } catch (UnsupportedOperationException notPosix) {
      target.toFile().setReadOnly();
    }
  }

  /** The stored bytes of {@code sha256}, if the store holds them intact; a damaged copy reads as absent. */
  public Optional<byte[]> read(String sha256) throws IOException {
    try {
      byte[] bytes = Files.readAllBytes(path(sha256));
      return sha256(bytes).equals(sha256) ? Optional.of(bytes) : Optional.empty();
    } catch (NoSuchFileException absent) {
      return Optional.empty();
    }
  }

  /** Whether a file is stored under {@code sha256}, intact or not. */
  public boolean holds(String sha256) {
    return Files.exists(path(sha256));
  }

  public void delete(String sha256) throws IOException {
    Path target = path(sha256);
    if (Files.deleteIfExists(target)) {
      ai.tyrum.gateway.marketplace.store.PluginStore.syncQuietly(dir);
    }
  }

  private static void syncQuietly(Path dir) {
    try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir, java.nio.file.StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // a removal that does not reach the disk leaves an unreferenced jar: never loaded, since only
      // lockfile entries are installed from the store
    }
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
