package ai.tyrum.gateway.core.manifest;

import java.util.Optional;

/** Checks that a path named in a manifest stays inside the jar. */
final class JarPaths {

  private JarPaths() {}

  /** Why {@code path} leaves the jar (or is not a plain relative path), or empty when it is fine. */
  static Optional<String> escape(String path) {
    if (path.startsWith("/") || path.startsWith("\\")) {
      return Optional.of("is absolute; name a path inside the jar");
    }
    if (path.contains("\\")) {
      return Optional.of("contains a backslash; use '/' between segments");
    }
    if (path.contains(":")) {
      return Optional.of("contains ':'; name a path inside the jar, not a URL or drive");
    }
    for (String segment : path.split("/", -1)) {
      if (segment.equals("..")) {
        return Optional.of("climbs out with '..'; name a path inside the jar");
      }
      if (segment.isEmpty() || segment.equals(".")) {
        return Optional.of("has an empty or '.' segment");
      }
    }
    for (int i = 0; i < path.length(); i++) {
      if (Character.isISOControl(path.charAt(i))) {
        return Optional.of("contains a control character");
      }
    }
    return Optional.empty();
  }
}
