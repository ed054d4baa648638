package ai.tyrum.gateway.launcher;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The gateway's state directory. Everything the gateway trusts (verified plugin jars, policy, approvals,
 * the framework cache) lives here, so a directory that someone else can write to is refused (DESIGN.md §2).
 */
final class DataDirectory {
  static final String LOCK_FILE = "gateway.lock";
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");

  private DataDirectory() {
  }

  /** Creates {@code dir} with mode 700 when missing, or checks an existing one; returns it absolute. */
  static Path prepare(Path dir) throws LaunchException {
    Path data = dir.toAbsolutePath().normalize();
    boolean posix = data.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (Files.notExists(data)) {
        create(data, posix);
      }
    } catch (IOException e) {
      throw new LaunchException("cannot create the data dir " + data + ": " + describe(e), e);
    }
    if (!Files.isDirectory(data)) {
      throw new LaunchException("the data dir " + data + " is not a directory: name another one with --data DIR");
    }
    if (posix) {
      checkOwnerAndMode(data);
    }
    return data;
  }

  /**
   * Locks {@code data} for this gateway until the returned lock is released or the process ends. Felix does
   * not lock its cache, and two gateways on one data dir would corrupt it and every state file; the lock
   * file holds the process id of its owner, for the operator.
   */
  static FileLock lock(Path data) throws LaunchException {
    Path file = data.resolve(LOCK_FILE);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameProcess) {
        lock = null;
      }
      if (lock == null) {
        channel.close();
        String owner = Files.readString(file).strip();
        throw new LaunchException("the data dir " + data + " is in use by another gateway"
            + (owner.isEmpty() ? "" : " (process " + owner + ")") + ": stop that one first, or use another"
            + " data dir (--data DIR)");
      }
      channel.truncate(0);
      channel.write(StandardCharsets.UTF_8.encode(ProcessHandle.current().pid() + "\n"));
      return lock;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new LaunchException("cannot lock the data dir " + data + " through " + file + ": " + describe(e), e);
    }
  }

  /** Releases a lock from {@link #lock(Path)}. */
  static void unlock(FileLock lock) {
    closeQuietly(lock.channel());
  }

  /** Writes {@code content} to {@code file} so that a crash leaves either the old file or the new one. */
  static void writeAtomically(Path file, String content) throws IOException {
    Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      channel.write(StandardCharsets.UTF_8.encode(content));
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void create(Path data, boolean posix) throws IOException {
    Path parent = data.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      if (posix) {
        Files.createDirectory(data, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        // The umask may have taken bits away at creation.
        Files.setPosixFilePermissions(data, OWNER_ONLY);
      } else {
        Files.createDirectory(data);
      }
    } catch (FileAlreadyExistsException raced) {
      // Created meanwhile by someone else: the checks that follow judge it like any existing directory.
    }
  }

  private static void checkOwnerAndMode(Path data) throws LaunchException {
    int owner;
    Set<PosixFilePermission> permissions;
    try {
      owner = (Integer) Files.getAttribute(data, "unix:uid");
      permissions = Files.getFileAttributeView(data, PosixFileAttributeView.class).readAttributes().permissions();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      throw new LaunchException("cannot read the owner and mode of the data dir " + data + ": " + e.getMessage(), e);
    }
    long me = new UnixSystem().getUid();
    if (owner != me) {
      throw new LaunchException("the data dir " + data + " is owned by uid " + owner + ", not by this user (uid "
          + me + "); another user could change what the gateway trusts. Use a directory of your own (--data DIR),"
          + " or take this one over: chown -R " + me + " " + data);
    }
    if (permissions.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw new LaunchException("the data dir " + data + " is world-writable; any user could change what the"
          + " gateway trusts. Fix it with: chmod 700 " + data);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // closing releases the lock; there is nothing else to do about a failure here
      }
    }
  }

  private static String describe(IOException e) {
    return e.getClass().getSimpleName() + " " + e.getMessage();
  }
}
