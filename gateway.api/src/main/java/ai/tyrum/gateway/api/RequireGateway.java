package ai.tyrum.gateway.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.osgi.annotation.bundle.Requirement;
import org.osgi.namespace.extender.ExtenderNamespace;

/**
 * Requires the gateway API at this major version and the {@code tyrum.plugin} extender, so that a
 * plugin built for another API major never resolves. Applied for the author through {@link Plugin}.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target({ElementType.TYPE, ElementType.PACKAGE, ElementType.ANNOTATION_TYPE})
@Requirement(
    namespace = "tyrum.gateway",
    filter = "(&(tyrum.gateway=api)(version>=1.0)(!(version>=2.0)))")
@Requirement(
    namespace = ExtenderNamespace.EXTENDER_NAMESPACE,
    name = Plugin.NAMESPACE,
    version = "1.0")
public @interface RequireGateway {}
