package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.CommandError;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;
import org.osgi.service.component.annotations.Component;

/**
 * Answers a command name that does not exist with {@code error unknown_command} and the closest commands,
 * instead of Gogo's {@code CommandNotFoundException}: Gogo hands a name it cannot resolve to the
 * command whose function is {@code default}, with the name as first argument.
 */
@Component(service = Function.class)
@Command(scope = "gateway", function = "default")
public final class UnknownCommand implements Function {

  /** Farther than this many edits, a command is not what was meant. */
  private static final int MAX_DISTANCE = 2;

  @Override
  public Object execute(CommandSession session, List<Object> arguments) {
    String name = arguments.isEmpty() ? "" : String.valueOf(arguments.get(0));
    List<String> closest = closest(name, commands(session));
    throw new CommandError("unknown_command", name + " is not a command",
        List.of(closest.isEmpty() ? "help lists the commands" : "did you mean " + String.join(" or ", closest) + "?"));
  }

  /** The commands nearest to {@code name} (by edit distance of the whole name, or of the function for a name without scope). */
  static List<String> closest(String name, Collection<String> commands) {
    String typed = name.toLowerCase(Locale.ROOT);
    boolean scoped = typed.contains(":");
    Comparator<String> byDistance = Comparator.comparingInt(command -> distance(typed, scoped ? command : function(command)));
    List<String> candidates = commands.stream()
        .filter(command -> !function(command).startsWith("_") && !function(command).equals("default"))
        .filter(command -> distance(typed, scoped ? command : function(command)) <= MAX_DISTANCE)
        .sorted(byDistance.thenComparing(Comparator.naturalOrder()))
        .toList();
    if (candidates.isEmpty()) {
      return candidates;
    }
    int best = distance(typed, scoped ? candidates.get(0) : function(candidates.get(0)));
    return candidates.stream().filter(c -> distance(typed, scoped ? c : function(c)) == best).limit(3).toList();
  }

  @SuppressWarnings("unchecked")
  private static Collection<String> commands(CommandSession session) {
    return session.get(".commands") instanceof Collection<?> names ? (Collection<String>) names : List.of();
  }

  private static String function(String command) {
    return command.substring(command.indexOf(':') + 1);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
