package ai.tyrum.gateway.policy;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/** A policy file or snapshot cannot be used; {@link #code()} is stable snake_case, details name each fault. */
public final class PolicyException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public PolicyException(String code, String message, List<String> details) {
    super(code, 422, message + (details.isEmpty() ? "" : ": " + String.join("; ", details)), details);
  }
}
