package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.spi.GatewayException;
import java.util.List;

/**
 * A config read or write that did not happen, with a stable code ({@code unknown_plugin},
 * {@code invalid_config}, {@code invalid_path}, {@code config_unavailable}, {@code config_io}), the HTTP
 * status it maps to, and details such as {@code /greeting (type): ...}, one per error.
 */
public final class ConfigException extends GatewayException {

  private static final long serialVersionUID = 1L;

  public ConfigException(String code, int status, String message, List<String> details) {
    super(code, status, message, details);
  }
}
