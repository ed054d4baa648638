package ai.tyrum.gateway.core.config;

import java.util.List;

/**
 * A config read or write that did not happen, with a stable code ({@code unknown_plugin},
 * {@code invalid_config}, {@code invalid_path}, {@code config_unavailable}, {@code config_io}), the HTTP
 * status it maps to, and details such as {@code /greeting (type): ...}, one per error.
 */
public final class ConfigException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;
  private final transient List<String> details;

  public ConfigException(String code, int status, String message, List<String> details) {
    super(message);
    this.code = code;
    this.status = status;
    this.details = List.copyOf(details);
  }

  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public List<String> details() {
    return details;
  }
}
