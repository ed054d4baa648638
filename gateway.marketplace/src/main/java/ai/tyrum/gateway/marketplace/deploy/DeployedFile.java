package ai.tyrum.gateway.marketplace.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code *.jar} entry of the deploy folder as the file system shows it, judged before a byte of it
 * is read (DESIGN section 5, "Hot deploy"): it must be a regular file, or a link to one inside the folder,
 * owned by the user who runs the gateway and not world-writable. Anyone else who can change the bytes
 * could change the plugin between the operator's approval and its next load.
 *
 * @param path the entry in the folder; what the pipeline is given and the lockfile records
 * @param real where its bytes are: {@code path} itself, or the file a link inside the folder leads to
 * @param fingerprint everything that changes when the entry is written, replaced, moved, chmod-ed or
 *     chown-ed; two equal fingerprints {@link DeploySettings#settle_ms() settle} apart mean no writer is
 *     busy with it
 * @param refusal why it is not taken, if it is not
 */
record DeployedFile(Path path, Path real, String fingerprint, Optional<Refusal> refusal) {

  /** A refused entry: the {@code plugin.lifecycle failed} reason and a message that says how to fix it. */
  record Refusal(String reason, String message) {}

  private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./@%+=:,-]+");

  /** Whether the folder looks at an entry named {@code name}: {@code *.jar}, not hidden. */
  static boolean eligible(String name) {
    return name.endsWith(".jar") && !name.startsWith(".");
  }

  /**
   * Looks at {@code path} without following a link, then at the link's target when it is inside {@code
   * folder} (a real path). Never opens the file: a pipe named {@code *.jar} would block the reader.
   *
   * @param user the user who runs the gateway, the only owner taken
   */
  static DeployedFile inspect(Path folder, Path path, String user) throws IOException {
    BasicFileAttributes entry = attributes(path, LinkOption.NOFOLLOW_LINKS);
    if (!entry.isSymbolicLink()) {
      String fingerprint = describe(entry);
      return new DeployedFile(path, path, fingerprint, judge(path, path, entry, user));
    }
    Path link = Files.readSymbolicLink(path);
    String prefix = "link " + owner(entry) + " " + link + " -> ";
    Path real;
    try {
      real = path.toRealPath();
    } catch (NoSuchFileException e) {
      return new DeployedFile(path, path, prefix + "missing", Optional.of(new Refusal(
          "deploy_not_a_file", shell(path) + " is a link to " + link + ", which does not exist; remove the link"
              + " or copy the jar into the folder")));
    }
    if (!real.startsWith(folder)) {
      return new DeployedFile(path, real, prefix + real, Optional.of(new Refusal(
          "deploy_symlink_escape", shell(path) + " is a link to " + shell(real) + ", outside the deploy folder "
              + shell(folder) + "; copy the jar into the folder instead of linking to it")));
    }
    BasicFileAttributes target = attributes(real, LinkOption.NOFOLLOW_LINKS);
    Optional<Refusal> refusal = ownerRefusal(path, path, entry, user);
    if (refusal.isEmpty()) {
      refusal = judge(path, real, target, user);
    }
    return new DeployedFile(path, real, prefix + real + " " + describe(target), refusal);
  }

  /**
   * Judges the folder itself: when others can write it, they can swap any jar in it whatever the jar's
   * own owner and mode, so nothing in it is taken.
   */
  static Optional<Refusal> judgeFolder(Path folder, String user) throws IOException {
    BasicFileAttributes attributes = attributes(folder, LinkOption.NOFOLLOW_LINKS);
    return ownerRefusal(folder, folder, attributes, user).or(() -> worldWritable(folder, attributes, "chmod 700 "));
  }

  /** The folder's fingerprint, so that its refusal is recorded once per state. */
  static String describeFolder(Path folder) throws IOException {
    return describe(attributes(folder, LinkOption.NOFOLLOW_LINKS));
  }

  private static Optional<Refusal> judge(Path path, Path real, BasicFileAttributes attributes, String user) {
    String shown = real.equals(path) ? shell(path) : shell(path) + " (a link to " + shell(real) + ")";
    if (!attributes.isRegularFile()) {
      String what = attributes.isDirectory() ? "a directory" : "not a regular file (a pipe, socket or device)";
      return Optional.of(new Refusal(
          "deploy_not_a_file", shown + " is " + what + "; only regular files named *.jar are deployed"));
    }
    return ownerRefusal(path, real, attributes, user).or(() -> worldWritable(real, attributes, "chmod o-w "));
  }

  private static Optional<Refusal> ownerRefusal(Path path, Path real, BasicFileAttributes attributes, String user) {
    if (!(attributes instanceof PosixFileAttributes posix)) {
      return Optional.empty(); // no POSIX owner or mode (Windows): ACLs are the operator's call
    }
    String owner = posix.owner().getName();
    if (owner.equals(user)) {
      return Optional.empty();
    }
    String shown = real.equals(path) ? shell(path) : shell(path) + " (a link to " + shell(real) + ")";
    return Optional.of(new Refusal(
        "deploy_foreign_owner",
        shown + " is owned by " + owner + ", not by " + user + " who runs the gateway; fix with: chown -h "
            + shell(user) + " " + shell(real)));
  }

  private static Optional<Refusal> worldWritable(Path path, BasicFileAttributes attributes, String fix) {
    if (attributes instanceof PosixFileAttributes posix
        && posix.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
      return Optional.of(new Refusal(
          "deploy_world_writable",
          shell(path) + " is world-writable: any user could change it before it is read; fix with: " + fix + shell(path)));
    }
    return Optional.empty();
  }

  private static BasicFileAttributes attributes(Path path, LinkOption... options) throws IOException {
    if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return Files.readAttributes(path, PosixFileAttributes.class, options);
    }
    return Files.readAttributes(path, BasicFileAttributes.class, options);
  }

  private static String describe(BasicFileAttributes attributes) {
    String kind = attributes.isRegularFile() ? "file" : attributes.isDirectory() ? "dir" : attributes.isSymbolicLink() ? "link" : "other";
    StringBuilder text = new StringBuilder(kind)
        .append(' ').append(attributes.size())
        .append(' ').append(attributes.lastModifiedTime().toInstant())
        .append(' ').append(attributes.fileKey());
    if (attributes instanceof PosixFileAttributes posix) {
      text.append(' ').append(posix.owner().getName())
          .append(' ').append(PosixFilePermissions.toString(posix.permissions()));
    }
    return text.toString();
  }

  private static String owner(BasicFileAttributes attributes) {
    return attributes instanceof PosixFileAttributes posix ? posix.owner().getName() : "";
  }

  /** Quotes a path for the shell so that the printed fix can be pasted as it is. */
  static String shell(Object text) {
    String value = String.valueOf(text);
    return SHELL_SAFE.matcher(value).matches() ? value : "'" + value.replace("'", "'\\''") + "'";
  }
}
