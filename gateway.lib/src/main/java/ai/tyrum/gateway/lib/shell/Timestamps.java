package ai.tyrum.gateway.lib.shell;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Instants as people read them in the shell: ISO-8601 in UTC, to the second ({@code 2026-12-06T04:34:12Z}). */
public final class Timestamps {

  private Timestamps() {}

  public static String seconds(Instant instant) {
    return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
  }
}
