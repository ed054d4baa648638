package ai.tyrum.gateway.launcher;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a gateway runs in hardened mode (DESIGN section 6), as {@code gateway:status} and
 * {@code GET /status} show it: what the operator asked for, what runs, and why.
 *
 * @param requested {@code --security} as given: auto, on or off
 * @param on whether plugins run under the Felix security manager with Conditional Permission Admin
 * @param reason why, for an operator reading the status
 */
public record SecurityPosture(Requested requested, boolean on, String reason) {

  /** The framework properties that carry the posture to the gateway's status. */
  static final String REQUESTED_PROPERTY = "tyrum.security.requested";
  static final String MODE_PROPERTY = "tyrum.security.mode";
  static final String REASON_PROPERTY = "tyrum.security.reason";

  /** The first Java release without a SecurityManager (JEP 486). */
  static final int FIRST_WITHOUT_SECURITY_MANAGER = 24;
  /** The first Java release that refuses a SecurityManager unless {@code -Djava.security.manager=allow} (JEP 411). */
  static final int FIRST_NEEDING_ALLOW = 18;

  /** {@code --security}: auto (the default) turns hardened mode on where the JVM allows it. */
  public enum Requested {
    auto, on, off;

    static Requested parse(String value) {
      for (Requested requested : values()) {
        if (requested.name().equals(value)) {
          return requested;
        }
      }
      throw new IllegalArgumentException(value);
    }
  }

  public SecurityPosture {
    Objects.requireNonNull(requested, "requested");
    Objects.requireNonNull(reason, "reason");
  }

  /**
   * The posture for {@code requested} on Java {@code feature} whose {@code java.security.manager} system
   * property is {@code managerProperty} (null when unset).
   *
   * @throws LaunchException when hardened mode is required ({@code on}) and this JVM cannot give it
   */
  static SecurityPosture decide(Requested requested, int feature, String managerProperty) throws LaunchException {
    if (requested == Requested.off) {
      return new SecurityPosture(requested, false, "turned off with --security off");
    }
    String missing = null;
    if (feature >= FIRST_WITHOUT_SECURITY_MANAGER) {
      missing = "Java " + feature + " has no SecurityManager (removed in Java 24), which hardened mode needs;"
          + " run the gateway on a Java 17 to 23 runtime (set JAVA_HOME) to have it";
    } else if (feature >= FIRST_NEEDING_ALLOW && !allows(managerProperty)) {
      missing = "Java " + feature + " allows a SecurityManager only with -Djava.security.manager=allow, which"
          + " this JVM was started without; start it with bin/gateway, which adds it, or add it to JAVA_OPTS";
    }
    if (missing == null) {
      return new SecurityPosture(requested, true, "plugins run under the Felix security manager with only their granted permissions");
    }
    if (requested == Requested.on) {
      throw new LaunchException("--security on refused: " + missing + " (or start with --security auto to run"
          + " without hardened mode)");
    }
    return new SecurityPosture(requested, false, missing);
  }

  /** Whether the {@code java.security.manager} property lets a SecurityManager be set later. */
  private static boolean allows(String managerProperty) {
    // "allow", or a SecurityManager class / "default" (one is then installed at start-up, and Felix refuses
    // to install its own: that failure names the conflict)
    return managerProperty != null && !managerProperty.isEmpty() && !"disallow".equals(managerProperty.toLowerCase(Locale.ROOT));
  }

  /** The posture as framework properties, for the status to read. */
  Map<String, String> properties() {
    return Map.of(REQUESTED_PROPERTY, requested.name(), MODE_PROPERTY, on ? "on" : "off", REASON_PROPERTY, reason);
  }

  /** The one line printed when auto could not turn hardened mode on. */
  String warning() {
    return "WARNING: hardened mode is OFF: " + reason + "; plugins run without the Felix security manager"
        + " (--security off silences this warning)";
  }
}
