package ai.tyrum.gateway.launcher.runset;

import org.osgi.service.servlet.context.ServletContextHelper;

/**
 * The launcher's own servlet context, {@value HealthEndpoint#CONTEXT_NAME}: it admits every request, as
 * {@code /healthz} is public. Loaded by {@link WhiteboardClassLoader}, never by the launcher's class loader.
 */
public final class HealthContext extends ServletContextHelper {
}
