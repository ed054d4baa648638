package ai.tyrum.gateway.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Capability;

/**
 * Declares the bundle a Tyrum plugin: generates its {@code tyrum.plugin} capability.
 *
 * <p>Keep the id in a constant of the plugin: every contribution annotation ({@link ProvideTool},
 * {@link ProvideCommand}, ...) names it again in its {@code plugin} element, and the gateway refuses a
 * plugin whose contributions name another id. The plugin version is the Bundle-Version. Place this
 * annotation once, on any class of the plugin (typically its main component).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Capability(
    namespace = Plugin.NAMESPACE,
    name = "${#id}",
    attribute = {"name=${#name}", "description=${#description}", "config.schema=${#configSchema}"})
@RequireGateway
public @interface Plugin {

  /** The plugin id, {@code [a-z][a-z0-9-]{0,62}}: tools become {@code plugin.<id>.<name>}. */
  String id();

  /** The capability namespace of a plugin's identity. */
  String NAMESPACE = "tyrum.plugin";

  /** Human-readable name; the Bundle-Name is used when empty. */
  String name() default "";

  /** One sentence that tells an operator what the plugin is for. */
  String description() default "";

  /** Path, inside the jar, of the JSON Schema (2020-12) of the plugin's configuration. */
  String configSchema();
}
