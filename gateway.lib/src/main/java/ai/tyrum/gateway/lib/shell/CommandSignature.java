package ai.tyrum.gateway.lib.shell;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;

/**
 * What a command method accepts, read from the Gogo annotations Gogo's own {@code help} reads: options
 * ({@code @Parameter}), then positional arguments named after the Java parameters, the last of which may
 * be a {@code String...} rest. Binds a command line to the method's arguments and renders the usage.
 */
final class CommandSignature {

  private static final String UNSPECIFIED = org.apache.felix.service.command.Parameter.UNSPECIFIED;

  private record Option(List<String> names, String value, String description, String absent, String present) {
    boolean flag() {
      return !present.equals(UNSPECIFIED);
    }

    String label() {
      return String.join(", ", names) + (flag() ? "" : " " + value);
    }
  }

  private record Argument(String name, String description, boolean rest) {}

  private final String command;
  private final String description;
  private final Parameter[] parameters;
  private final List<Option> options = new ArrayList<>();
  private final List<Argument> arguments = new ArrayList<>();

  CommandSignature(String command, Method method) {
    this.command = command;
    this.description = describe(method.getAnnotation(Descriptor.class));
    this.parameters = method.getParameters();
    for (Parameter parameter : parameters) {
      org.apache.felix.service.command.Parameter option = parameter.getAnnotation(org.apache.felix.service.command.Parameter.class);
      String text = describe(parameter.getAnnotation(Descriptor.class));
      if (parameter.getType() == CommandSession.class) {
        continue;
      } else if (option != null) {
        options.add(new Option(List.of(option.names()), name(parameter), text, option.absentValue(), option.presentValue()));
      } else {
        arguments.add(new Argument(name(parameter), text, parameter.isVarArgs()));
      }
    }
  }

  /**
   * The method's arguments for {@code words}.
   *
   * @throws IllegalArgumentException naming what is missing, unknown or malformed
   */
  Object[] bind(CommandSession session, List<String> words) {
    List<String> positional = new ArrayList<>();
    String[] chosen = new String[options.size()];
    List<List<String>> repeated = new ArrayList<>();
    options.forEach(o -> repeated.add(new ArrayList<>()));
    for (int i = 0; i < words.size(); i++) {
      String word = words.get(i);
      int option = option(word);
      if (option >= 0) {
        Option o = options.get(option);
        if (o.flag()) {
          chosen[option] = o.present();
        } else if (i + 1 < words.size()) {
          chosen[option] = words.get(++i);
          repeated.get(option).add(chosen[option]);
        } else {
          throw new IllegalArgumentException(word + " needs a value: " + o.label());
        }
      } else if (word.startsWith("--") || (word.startsWith("-") && word.length() == 2 && Character.isLetter(word.charAt(1)))) {
        throw new IllegalArgumentException("unknown option " + word);
      } else {
        positional.add(word);
      }
    }
    boolean rest = !arguments.isEmpty() && arguments.get(arguments.size() - 1).rest();
    int required = rest ? arguments.size() - 1 : arguments.size();
    if (positional.size() < required) {
      List<String> missing = arguments.subList(positional.size(), required).stream().map(Argument::name).toList();
      throw new IllegalArgumentException("missing " + String.join(" and ", missing));
    }
    if (!rest && positional.size() > required) {
      throw new IllegalArgumentException("unexpected argument " + positional.get(required));
    }

    Object[] values = new Object[parameters.length];
    int nextOption = 0;
    int nextArgument = 0;
    for (int p = 0; p < parameters.length; p++) {
      Parameter parameter = parameters[p];
      if (parameter.getType() == CommandSession.class) {
        values[p] = session;
      } else if (parameter.isAnnotationPresent(org.apache.felix.service.command.Parameter.class)) {
        Option o = options.get(nextOption);
        String text = chosen[nextOption] == null ? o.absent() : chosen[nextOption];
        // an option bound to String[] may be given several times, and collects every value
        values[p] = parameter.getType() == String[].class
            ? repeated.get(nextOption).toArray(String[]::new)
            : convert(o.names().get(0), text, parameter.getType());
        nextOption++;
      } else if (parameter.isVarArgs()) {
        values[p] = positional.subList(nextArgument, positional.size()).toArray(String[]::new);
      } else {
        values[p] = convert(arguments.get(nextArgument).name(), positional.get(nextArgument), parameter.getType());
        nextArgument++;
      }
    }
    return values;
  }

  /** {@code usage: scope:function [OPTIONS] ARGS}, one line. */
  String synopsis() {
    StringBuilder out = new StringBuilder("usage: ").append(command);
    options.forEach(o -> out.append(" [").append(o.names().get(o.names().size() - 1)).append(o.flag() ? "" : " " + o.value()).append(']'));
    arguments.forEach(a -> out.append(' ').append(a.rest() ? "[" + a.name() + "...]" : a.name()));
    return out.toString();
  }

  /** The command's help: what it does, its synopsis, its options and arguments. */
  String help() {
    StringBuilder out = new StringBuilder(command).append(" - ").append(description).append("\n\n");
    out.append(synopsis()).append("\n\noptions:\n");
    ShellTable table = ShellTable.of(2).indent("  ");
    for (Option o : options) {
      boolean shown = !o.flag() && !o.absent().isEmpty();
      table.row(o.label(), o.description() + (shown ? " (default: " + o.absent() + ")" : ""));
    }
    table.row("-h, --help", "show this help");
    out.append(table);
    if (!arguments.isEmpty()) {
      out.append("\narguments:\n");
      ShellTable names = ShellTable.of(2).indent("  ");
      arguments.forEach(a -> names.row(a.name(), a.description()));
      out.append(names);
    }
    return out.toString();
  }

  private int option(String word) {
    for (int i = 0; i < options.size(); i++) {
      if (options.get(i).names().contains(word)) {
        return i;
      }
    }
    return -1;
  }

  private static Object convert(String name, String text, Class<?> type) {
    if (type == String.class) {
      return text;
    } else if (type == boolean.class) {
      return Boolean.parseBoolean(text);
    } else if (type == int.class) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(name + " must be a whole number, not " + text);
      }
    }
    throw new IllegalStateException("a command parameter of type " + type.getName() + " cannot be bound: use String, int or boolean");
  }

  /** {@code toolId} gives {@code TOOL_ID}, {@code agent} gives {@code AGENT}. */
  private static String name(Parameter parameter) {
    return parameter.getName().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
  }

  private static String describe(Descriptor descriptor) {
    return descriptor == null ? "" : descriptor.value();
  }

  static boolean asksForHelp(List<String> words) {
    return words.contains("--help") || words.contains("-h");
  }
}
