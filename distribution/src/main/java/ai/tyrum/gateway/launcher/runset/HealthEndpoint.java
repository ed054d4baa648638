package ai.tyrum.gateway.launcher.runset;

import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.wiring.BundleWiring;

/**
 * {@code GET /healthz} served by the launcher, through the HTTP whiteboard, from the system bundle's
 * context: it answers whatever became of SCR and gateway.core, which serve the route otherwise, as long as
 * Felix HTTP Jetty runs (when Jetty itself is stopped, nothing answers HTTP).
 *
 * <p>Its servlet sits in a context of its own, {@value #CONTEXT_NAME}, on path {@code /} and ranked above
 * every other: the whiteboard tries the contexts of one path in ranking order and takes the first that
 * has a servlet for the request, so this one takes {@code /healthz}, and every other path falls through
 * to gateway.core's context. It is registered only while {@link #show()} asks for it, so that the rest
 * of the time gateway.core's {@code /healthz} answers as it always does.
 */
final class HealthEndpoint {

  static final String CONTEXT_NAME = "tyrum-launcher";
  private static final String HEALTH_CONTEXT = HealthEndpoint.class.getPackageName() + ".HealthContext";
  private static final String HEALTH_SERVLET = HealthEndpoint.class.getPackageName() + ".HealthServlet";
  // The whiteboard's constants (OSGi Compendium 8, section 140.15), spelled out: the launcher's class path
  // does not hold the whiteboard API.
  private static final String HTTP_SERVICE_RUNTIME = "org.osgi.service.servlet.runtime.HttpServiceRuntime";
  private static final String SERVLET_CONTEXT_HELPER = "org.osgi.service.servlet.context.ServletContextHelper";
  private static final String SERVLET = "jakarta.servlet.Servlet";

  private final BundleContext system;
  private final Supplier<HealthAnswer> answer;
  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

  HealthEndpoint(BundleContext system, Supplier<HealthAnswer> answer) {
    this.system = system;
    this.answer = answer;
  }

  /**
   * Registers the servlet unless it is registered. Without a whiteboard (Felix HTTP Jetty stopped), it
   * does nothing: nothing could serve it, and the next {@code show()} tries again.
   */
  synchronized void show() throws ReflectiveOperationException {
    if (!registrations.isEmpty()) {
      return;
    }
    ClassLoader whiteboard = whiteboardClassLoader();
    if (whiteboard == null) {
      return;
    }
    ClassLoader loader = new WhiteboardClassLoader(HealthEndpoint.class.getClassLoader(), whiteboard,
        Set.of(HEALTH_CONTEXT, HEALTH_SERVLET));
    Object context = loader.loadClass(HEALTH_CONTEXT).getConstructor().newInstance();
    Object servlet = loader.loadClass(HEALTH_SERVLET).getConstructor(Supplier.class).newInstance(answer);

    Hashtable<String, Object> contextProperties = new Hashtable<>();
    contextProperties.put("osgi.http.whiteboard.context.name", CONTEXT_NAME);
    contextProperties.put("osgi.http.whiteboard.context.path", "/");
    contextProperties.put(Constants.SERVICE_RANKING, Integer.MAX_VALUE);
    registrations.add(system.registerService(SERVLET_CONTEXT_HELPER, context, contextProperties));

    Hashtable<String, Object> servletProperties = new Hashtable<>();
    servletProperties.put("osgi.http.whiteboard.context.select", "(osgi.http.whiteboard.context.name=" + CONTEXT_NAME + ")");
    servletProperties.put("osgi.http.whiteboard.servlet.pattern", "/healthz");
    servletProperties.put("osgi.http.whiteboard.servlet.name", "tyrum-launcher-healthz");
    registrations.add(system.registerService(SERVLET, servlet, servletProperties));
  }

  /** Unregisters the servlet, so that gateway.core's {@code /healthz} answers again. */
  synchronized void hide() {
    for (ServiceRegistration<?> registration : registrations) {
      try {
        registration.unregister();
      } catch (IllegalStateException alreadyGone) {
        // the framework stopped and took it
      }
    }
    registrations.clear();
  }

  /** The class loader of the bundle that provides the HTTP whiteboard, or null when none runs. */
  private ClassLoader whiteboardClassLoader() {
    ServiceReference<?>[] runtimes;
    try {
      // getAll: the system bundle does not see the whiteboard's classes, so no reference is "assignable" to it
      runtimes = system.getAllServiceReferences(HTTP_SERVICE_RUNTIME, null);
    } catch (InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    }
    if (runtimes == null || runtimes[0].getBundle() == null) {
      return null;
    }
    BundleWiring wiring = runtimes[0].getBundle().adapt(BundleWiring.class);
    return wiring == null ? null : wiring.getClassLoader();
  }
}
