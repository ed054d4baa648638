package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/**
 * Why a server cannot start at all ({@code command_not_found}, {@code secret_not_granted},
 * {@code secret_missing}, {@code egress_not_granted}, ...): it is then failed with this code as its
 * reason, and not restarted until its plugin loads again or an operator restarts it.
 */
final class McpStartException extends GatewayException {

  private static final long serialVersionUID = 1L;

  McpStartException(String code, String message) {
    super(code, 503, message, List.of());
  }
}
