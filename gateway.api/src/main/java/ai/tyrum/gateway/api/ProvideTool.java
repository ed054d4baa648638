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
 * Declares a tool on the {@link Tool} component that implements it.
 *
 * <p>bnd writes a {@code tyrum.tool} capability from it, and DS registers the component's service with
 * the property {@code tyrum.tool.name}, which is how the gateway matches the running service to the
 * declaration. The callable id is {@code plugin.<plugin-id>.<name>}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@ComponentPropertyType
@Capability(namespace = ProvideTool.NAMESPACE)
public @interface ProvideTool {

  /** The id of the plugin that declares it; the same constant as {@link Plugin#id()}. */
  @Attribute("plugin")
  String plugin();

  /** The capability namespace of a tool. */
  String NAMESPACE = "tyrum.tool";

  /** Prefix of the service properties this annotation sets. */
  String PREFIX_ = "tyrum.tool.";

  /** The tool's name, {@code [a-z][a-z0-9_]{0,62}}. */
  @Attribute(NAMESPACE)
  String name();

  /** Whether the tool changes state. */
  @Attribute("effect")
  Effect effect();

  /** Path, inside the jar, of the JSON Schema of the tool's input. */
  @Attribute("input.schema")
  String inputSchema();

  /** Path, inside the jar, of the JSON Schema of the tool's output. */
  @Attribute("output.schema")
  String outputSchema();

  /** What the tool does, for people and for agents choosing a tool. */
  @Attribute("description")
  String description();
}
