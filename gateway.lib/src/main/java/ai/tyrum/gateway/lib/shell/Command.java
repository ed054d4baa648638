package ai.tyrum.gateway.lib.shell;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.felix.service.command.annotations.RequireGogoWhiteboard;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Registers a component as the Gogo command {@code scope:function}: the {@code osgi.command.scope} and
 * {@code osgi.command.function} service properties, as gogo.runtime's {@code @GogoCommand} writes them,
 * with one function, since each command is a class of its own.
 */
@ComponentPropertyType
@RequireGogoWhiteboard
@Retention(RetentionPolicy.RUNTIME) // ShellCommand reads it to name the command in usage lines
@Target(ElementType.TYPE)
public @interface Command {

  String PREFIX_ = "osgi.command.";

  /** The scope, such as {@code tool}. */
  String scope();

  /** The function, such as {@code call}. */
  String function();
}
