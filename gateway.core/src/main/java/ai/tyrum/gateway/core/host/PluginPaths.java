package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.PluginException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The paths a plugin names to {@link ai.tyrum.gateway.api.PluginFiles}, and the folders its
 * {@code fs.read} / {@code fs.write} targets name: relative, {@code /} between names, read without ever
 * touching the file system.
 */
final class PluginPaths {

  private PluginPaths() {}

  /** Why a path is refused before any grant is looked at. */
  enum Fault {
    /** Not a path at all (empty name, {@code .}, a backslash, NUL or another control character). */
    invalid,
    /** Written to leave wherever it starts: absolute, or through {@code ..}. */
    escapes
  }

  /** A refused path. */
  static final class BadPath extends Exception {
    private static final long serialVersionUID = 1L;
    final Fault fault;

    BadPath(Fault fault, String message) {
      super(message, null, false, false);
      this.fault = fault;
    }

    PluginException asInvalid() {
      return new PluginException("invalid_path", getMessage());
    }
  }

  /**
   * The names of {@code path}; {@code ""} is the plugin's data dir itself (no names) where {@code root}
   * allows it.
   */
  static List<String> parse(String path, boolean rootAllowed) throws BadPath {
    if (path == null) {
      throw new BadPath(Fault.invalid, "a path is a string of names separated by /, not null");
    }
    if (path.isEmpty()) {
      if (rootAllowed) {
        return List.of();
      }
      throw new BadPath(Fault.invalid, "a path names a file: it is not empty");
    }
    if (path.startsWith("/")) {
      throw new BadPath(Fault.escapes, "a path is relative to the plugin's data dir; " + path + " is absolute");
    }
    List<String> names = Arrays.asList(path.split("/", -1));
    for (String name : names) {
      if (name.equals("..")) {
        throw new BadPath(Fault.escapes, "a path stays inside the plugin's data dir; " + path + " climbs out with ..");
      }
    }
    for (String name : names) {
      if (name.isEmpty() || name.equals(".")) {
        throw new BadPath(Fault.invalid, "a path has no empty or . names; " + path + " has");
      }
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c == '\\' || Character.isISOControl(c)) {
          throw new BadPath(Fault.invalid, String.format("a path holds no backslash or control character; %s has U+%04X", path.replace("\0", "\\0"), (int) c));
        }
      }
    }
    return List.copyOf(names);
  }

  /** The folder a grant target names, or empty when it names none (it would leave the data dir). */
  static Optional<List<String>> folder(String target) {
    List<String> names = Arrays.stream(target.split("/")).filter(n -> !n.isEmpty() && !n.equals(".")).toList();
    if (names.contains("..") || target.startsWith("/") || target.contains("\\") || target.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    return Optional.of(names);
  }

  /** The first of {@code targets} whose folder holds {@code names} (or is it), if any. */
  static Optional<List<String>> covering(List<String> targets, List<String> names) {
    return targets.stream()
        .map(PluginPaths::folder)
        .flatMap(Optional::stream)
        .filter(folder -> folder.size() <= names.size() && names.subList(0, folder.size()).equals(folder))
        .findFirst();
  }
}
