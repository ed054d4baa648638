package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/** A tool call or slash command that did not succeed (DESIGN section 4: each step fails closed). */
public class ToolCallException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public ToolCallException(String code, int status, String message, List<String> details) {
    super(code, status, message, details);
  }
}
