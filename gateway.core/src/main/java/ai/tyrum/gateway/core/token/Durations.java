package ai.tyrum.gateway.core.token;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How long a token lives, as an operator types it: {@code 30m}, {@code 12h}, {@code 7d}, or ISO-8601 {@code PT12H}, {@code P7D}. */
public final class Durations {

  private static final Pattern SHORT = Pattern.compile("([0-9]{1,9})([smhd])");

  private Durations() {}

  /**
   * The duration {@code text} says.
   *
   * @param field where the text came from, named in the refusal
   * @throws TokenException {@code invalid_expires} when it is not a duration or not positive
   */
  public static Duration parse(String text, String field) {
    Duration duration;
    Matcher matcher = SHORT.matcher(text == null ? "" : text.strip());
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      duration = switch (matcher.group(2)) {
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    } else {
      try {
        duration = Duration.parse(text == null ? "" : text.strip());
      } catch (DateTimeParseException e) {
        throw invalid(text, field);
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw invalid(text, field);
    }
    return duration;
  }

  private static TokenException invalid(String text, String field) {
    return new TokenException("invalid_expires", 400,
        "cannot read '" + text + "' as a positive duration: write it as 30m, 12h or 7d, or in ISO-8601 as PT12H or P7D",
        List.of(field));
  }
}
