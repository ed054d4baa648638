package ai.tyrum.gateway.lib.shell;

import ai.tyrum.gateway.spi.GatewayException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;

/**
 * A Gogo command, registered by its {@link Command} annotation: one public method, named after the command's function and annotated with Gogo's
 * {@code @Descriptor} and {@code @Parameter} (which Gogo's {@code help} reads), returns what the command
 * prints. This class stands between Gogo and that method: {@code -h}/{@code --help} print the usage; a
 * missing, unknown or malformed argument fails with the usage instead of Gogo's coercion message; and
 * every failure reads {@code error CODE: message} (see {@link CommandError}).
 */
public abstract class ShellCommand implements Function {

  private final String name;
  private final Method method;
  private final CommandSignature signature;

  protected ShellCommand() {
    Command command = getClass().getAnnotation(Command.class);
    if (command == null) {
      throw new IllegalStateException(getClass().getName() + " has no @Command");
    }
    this.name = command.scope() + ":" + command.function();
    List<Method> candidates = List.of(getClass().getDeclaredMethods()).stream()
        .filter(m -> Modifier.isPublic(m.getModifiers()) && m.isAnnotationPresent(Descriptor.class))
        .toList();
    if (candidates.size() != 1 || !candidates.get(0).getName().equalsIgnoreCase(command.function())) {
      throw new IllegalStateException(getClass().getName() + " must declare one public @Descriptor method named " + command.function());
    }
    this.method = candidates.get(0);
    this.signature = new CommandSignature(name, method);
  }

  @Override
  public final Object execute(CommandSession session, List<Object> arguments) throws Exception {
    List<String> words = arguments.stream().map(String::valueOf).toList();
    if (CommandSignature.asksForHelp(words)) {
      return signature.help();
    }
    Object[] values;
    try {
      values = signature.bind(session, words);
    } catch (IllegalArgumentException e) {
      throw usageError(e.getMessage());
    }
    try {
      return method.invoke(this, values);
    } catch (InvocationTargetException e) {
      throw failure(e.getCause());
    }
  }

  /** {@code error invalid_arguments: message} and the usage line, for arguments found wrong after binding. */
  protected final CommandError usageError(String message) {
    return new CommandError("invalid_arguments", message, List.of(signature.synopsis(), "see " + name + " --help"));
  }

  private static CommandError failure(Throwable failure) {
    if (failure instanceof CommandError error) {
      return error;
    } else if (failure instanceof GatewayException refusal) {
      return CommandError.of(refusal);
    }
    return CommandError.unexpected(failure);
  }
}
