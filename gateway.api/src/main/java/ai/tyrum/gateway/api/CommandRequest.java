package ai.tyrum.gateway.api;

import java.util.List;
import java.util.Objects;

/**
 * One slash command as typed.
 *
 * @param name the command name, without the slash
 * @param arguments the text after the name, trimmed ({@code ""} when none)
 * @param agent the agent on whose behalf it runs
 */
public record CommandRequest(String name, String arguments, String agent) {

  public CommandRequest {
    Objects.requireNonNull(name, "name");
    arguments = arguments == null ? "" : arguments.strip();
    Objects.requireNonNull(agent, "agent");
  }

  /** The arguments split on whitespace. */
  public List<String> words() {
    return arguments.isEmpty() ? List.of() : List.of(arguments.split("\\s+"));
  }
}
