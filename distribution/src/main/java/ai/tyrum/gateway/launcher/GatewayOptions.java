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
 */
public record GatewayOptions(Path home, Path data, int port, String bind, boolean headless) {
  public static final int DEFAULT_PORT = 8788;
  public static final String DEFAULT_BIND = "127.0.0.1";

  public GatewayOptions {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(bind, "bind");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, not " + port);
    }
    if (bind.isBlank()) {
      throw new IllegalArgumentException("bind must name an address");
    }
  }
}
