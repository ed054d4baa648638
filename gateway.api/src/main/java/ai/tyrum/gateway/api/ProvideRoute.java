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
 * Declares a gateway RPC route on the {@link RpcRoute} component that serves it: a {@code tyrum.route}
 * capability, and the service property {@code tyrum.route.path}. The route is served only under
 * {@code /plugins/<plugin-id>/rpc/<path>}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
@ComponentPropertyType
@Capability(namespace = ProvideRoute.NAMESPACE)
public @interface ProvideRoute {

  /** The id of the plugin that declares it; the same constant as {@link Plugin#id()}. */
  @Attribute("plugin")
  String plugin();

  /** The capability namespace of a route. */
  String NAMESPACE = "tyrum.route";

  /** Prefix of the service properties this annotation sets. */
  String PREFIX_ = "tyrum.route.";

  /** Relative path: segments of {@code [a-z0-9][a-z0-9._-]*} joined by {@code /}. */
  @Attribute(NAMESPACE)
  String path();

  /** HTTP methods the route answers. */
  @Attribute("methods")
  String[] methods() default {"GET"};

  /** The operator token scope a caller needs. */
  @Attribute("scope")
  String scope() default "operator.read";
}
