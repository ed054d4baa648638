package ai.tyrum.gateway.launcher;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How to start a gateway.
 *
 * @param home the distribution folder, holding {@code bundles/} and {@code plugins/}
 * @param data the state directory; created with mode 700 when missing
 * @param port the HTTP port; {@code 0} picks a free one
 * @param bind the address the HTTP API listens on
 * @param headless service mode: no interactive console
 * @param auditSync when audit records are forced to disk: {@code always} before the call that made
 *     them returns, or {@code interval} within 10 ms after (the default)
 * @param security hardened mode (DESIGN section 6): {@code bin/gateway} defaults to auto; an embedding
 *     caller that does not say gets off, since the SecurityManager it installs is JVM-wide
 */
public record GatewayOptions(
    Path home, Path data, int port, String bind, boolean headless, String auditSync, SecurityPosture.Requested security) {
  public static final int DEFAULT_PORT = 8788;
  public static final String DEFAULT_BIND = "127.0.0.1";
  public static final String DEFAULT_AUDIT_SYNC = "interval";
  static final java.util.List<String> AUDIT_SYNC_MODES = java.util.List.of("always", "interval");

  /** Options with the default audit sync mode. */
  public GatewayOptions(Path home, Path data, int port, String bind, boolean headless) {
    this(home, data, port, bind, headless, DEFAULT_AUDIT_SYNC);
  }

  /** Options without hardened mode. */
  public GatewayOptions(Path home, Path data, int port, String bind, boolean headless, String auditSync) {
    this(home, data, port, bind, headless, auditSync, SecurityPosture.Requested.off);
  }

  public GatewayOptions {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(bind, "bind");
    Objects.requireNonNull(security, "security");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
    }
    if (bind.isBlank()) {
      throw new IllegalArgumentException("bind must name an address");
    }
    if (!AUDIT_SYNC_MODES.contains(auditSync)) {
      throw new IllegalArgumentException("auditSync must be always or interval, not " + auditSync);
    }
  }
}
