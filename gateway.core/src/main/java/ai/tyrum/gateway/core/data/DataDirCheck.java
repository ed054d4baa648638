package ai.tyrum.gateway.core.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The data dir holds the lockfile, policy, tokens and the audit log: anyone who can write it can
 * change what the gateway trusts. DESIGN §2: refuse a data dir that is world-writable or owned by
 * another user, and say how to fix it.
 */
public final class DataDirCheck {

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./@%+=:,-]+");

  private DataDirCheck() {}

  /**
   * Returns the problem with {@code dir} as a message that names the fix, or empty if it is fit to
   * hold gateway state. A dir that does not exist yet has no problem: the gateway creates it 0700.
   */
  public static Optional<String> check(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    if (!Files.exists(absolute)) {
      return Optional.empty();
    }
    String shown = quote(absolute.toString());
    if (!Files.isDirectory(absolute)) {
      return Optional.of("data dir " + shown + " is not a directory; pass another one with --data DIR");
    }
    PosixFileAttributeView view = Files.getFileAttributeView(absolute, PosixFileAttributeView.class);
    if (view == null) {
      return Optional.empty(); // no POSIX owner or mode to check (Windows): ACLs are the operator's call
    }
    PosixFileAttributes attributes;
    try {
      attributes = view.readAttributes();
    } catch (IOException e) {
      return Optional.of("cannot read the owner and permissions of data dir " + shown + ": " + e.getMessage());
    }
    String user = System.getProperty("user.name", "");
    UserPrincipal owner = attributes.owner();
    if (!owner.getName().equals(user)) {
      return Optional.of(
          "data dir " + shown + " is owned by " + owner.getName() + ", not by " + user
              + " who runs the gateway; fix with: chown -R " + quote(user) + " " + shown
              + " (or run the gateway as " + owner.getName() + ")");
    }
    if (attributes.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      return Optional.of("data dir " + shown + " is world-writable; fix with: chmod 700 " + shown);
    }
    return Optional.empty();
  }

  /** Quotes a path for the shell so that the printed fix can be pasted as it is. */
  private static String quote(String text) {
    return SHELL_SAFE.matcher(text).matches() ? text : "'" + text.replace("'", "'\\''") + "'";
  }
}
