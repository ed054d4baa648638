package ai.tyrum.gateway.marketplace.install;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/** An install, upgrade or other operation the pipeline refused; {@link #code()} is the stable reason. */
public final class Refusal extends GatewayException {

  private static final long serialVersionUID = 1L;

  public Refusal(String reason, int status, String message, List<String> details) {
    super(reason, status, message, details);
  }
}
