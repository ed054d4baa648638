package ai.tyrum.gateway.api;

import java.util.Objects;

/** What a slash command answers: text for the person who typed it. */
public record CommandResult(String output) {

  public CommandResult {
    Objects.requireNonNull(output, "output");
  }

  public static CommandResult of(String output) {
    return new CommandResult(output);
  }
}
