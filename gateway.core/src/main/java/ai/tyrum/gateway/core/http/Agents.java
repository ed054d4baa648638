package ai.tyrum.gateway.core.http;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The agent a request acts for: the one it names, if well formed, else {@value #DEFAULT}. */
final class Agents {

  static final String DEFAULT = "default";

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Agents() {}

  /** @throws ApiError 400 {@code invalid_agent} when {@code requested} is not an agent id */
  static String of(Optional<String> requested) {
    if (requested.isEmpty() || requested.get().isBlank()) {
      return DEFAULT;
    }
    if (!ID.matcher(requested.get()).matches()) {
      throw new ApiError(400, "invalid_agent", "agent ids are letters, digits, '.', '_' and '-'", List.of("agent"));
    }
    return requested.get();
  }
}
