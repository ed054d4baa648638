package ai.tyrum.gateway.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A failure a plugin reports on purpose, with a stable {@code snake_case} code that callers can rely on.
 * Any other exception thrown by plugin code reaches callers as {@code plugin_error} without its message.
 */
public class PluginException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,62}");

  private final String code;

  public PluginException(String code, String message) {
    super(message);
    if (!CODE.matcher(Objects.requireNonNull(code, "code")).matches()) {
      throw new IllegalArgumentException("code must be snake_case: " + code);
    }
    this.code = code;
  }

  /** The stable snake_case code. */
  public String code() {
    return code;
  }
}
