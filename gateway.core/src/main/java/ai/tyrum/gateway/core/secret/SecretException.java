package ai.tyrum.gateway.core.secret;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/**
 * A secret request refused, with its stable code: {@code invalid_secret_name} (400),
 * {@code invalid_secret_value} (400), {@code value_too_large} (413) or {@code secret_not_found} (404). The
 * message and details name the scope, the name or the field at fault, never a value.
 */
public final class SecretException extends GatewayException {

  private static final long serialVersionUID = 1L;

  SecretException(String code, int status, String message, List<String> details) {
    super(code, status, message, details);
  }
}
