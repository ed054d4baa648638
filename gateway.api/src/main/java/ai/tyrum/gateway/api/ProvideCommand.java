package ai.tyrum.gateway.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;
import org.osgi.service.component.annotations.ComponentPropertyType;

/**
 * Declares a slash command on the {@link SlashCommand} component that implements it: a
 * {@code tyrum.command} capability, and the service property {@code tyrum.command.name}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@ComponentPropertyType
@Capability(namespace = ProvideCommand.NAMESPACE)
public @interface ProvideCommand {

  /** The id of the plugin that declares it; the same constant as {@link Plugin#id()}. */
  @Attribute("plugin")
  String plugin();

  /** The capability namespace of a slash command. */
  String NAMESPACE = "tyrum.command";

  /** Prefix of the service properties this annotation sets. */
  String PREFIX_ = "tyrum.command.";

  /** The command typed after the slash, {@code [a-z][a-z0-9_-]{0,62}}. */
  @Attribute(NAMESPACE)
  String name();

  /** One line of help. */
  @Attribute("description")
  String description();

  /** Whether running the command changes state. */
  @Attribute("effect")
  Effect effect();
}
