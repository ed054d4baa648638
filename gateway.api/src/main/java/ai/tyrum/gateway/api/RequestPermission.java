package ai.tyrum.gateway.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Attribute;
import org.osgi.annotation.bundle.Capability;

/**
 * Requests one permission for the plugin: a {@code tyrum.permission} capability that the operator sees
 * (with its reason) and must grant before the plugin gets it.
 *
 * <p>Classes: {@code network.egress} (target {@code host:port} or {@code class:<egress-class>}),
 * {@code secrets.read} (target = secret scope), {@code db} (target {@code plugin}), {@code fs.read} and
 * {@code fs.write} (target = path relative to the plugin's data dir), {@code tools.call} (target = tool
 * id).
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE})
@Repeatable(RequestPermission.List.class)
@Capability(namespace = RequestPermission.NAMESPACE)
public @interface RequestPermission {

  /** The id of the plugin that declares it; the same constant as {@link Plugin#id()}. */
  @Attribute("plugin")
  String plugin();

  /** The capability namespace of a permission request. */
  String NAMESPACE = "tyrum.permission";

  /** The permission class, such as {@code network.egress}. */
  @Attribute(NAMESPACE)
  String permission();

  /** What the permission applies to; its form depends on the class. */
  @Attribute("target")
  String target();

  /** Why the plugin needs it, shown to the operator. */
  @Attribute("reason")
  String reason();

  /** Several permission requests on one element. */
  @Documented
  @Retention(RetentionPolicy.CLASS)
  @Target({ElementType.TYPE, ElementType.PACKAGE})
  @interface List {
    RequestPermission[] value();
  }
}
