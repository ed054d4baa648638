package ai.tyrum.gateway.marketplace.lock;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/** The lockfile cannot be read or written; {@link #code()} says which. */
public final class LockfileException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public LockfileException(String code, String message) {
    super(code, 500, message, List.of());
  }
}
