package ai.tyrum.gateway.marketplace.install;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/** An install or uninstall the pipeline refused; {@link #code()} is the stable reason. */
public final class InstallException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public InstallException(String reason, int status, String message, List<String> details) {
    super(reason, status, message, details);
  }
}
