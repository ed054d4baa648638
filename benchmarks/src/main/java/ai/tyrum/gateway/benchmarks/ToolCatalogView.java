package ai.tyrum.gateway.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The core's {@code ToolCatalog} service (what {@code GET /tools}, {@code tool:list} and {@code
 * tool:explain} show), reached by reflection: its types live in the framework.
 */
public final class ToolCatalogView {
  private final Object catalog;
  private final Method explain;
  private final Method explainAll;
  private Method exposed;

  public ToolCatalogView(BundleContext context) throws Exception {
    ServiceReference<?> reference = InProcessGateway.reference(context, "ai.tyrum.gateway.core.invoke.ToolCatalog");
    this.catalog = context.getService(reference);
    this.explain = catalog.getClass().getMethod("explain", String.class, String.class);
    this.explainAll = catalog.getClass().getMethod("explainAll", String.class);
  }

  /** {@code ToolCatalog.explain(toolId, agent)}: what {@code tool:explain} runs. */
  public Optional<?> explain(String toolId, String agent) {
    return (Optional<?>) call(explain, toolId, agent);
  }

  /** {@code ToolCatalog.explainAll(agent)}: the catalogue call behind {@code GET /tools?agent=A}. */
  public List<?> explainAll(String agent) {
    return (List<?>) call(explainAll, agent);
  }

  /** Whether the tool is exposed to the default agent. */
  public boolean exposed(String toolId) {
    Optional<?> explanation = explain(toolId, "default");
    if (explanation.isEmpty()) {
      return false;
    }
    try {
      if (exposed == null) {
        exposed = explanation.get().getClass().getMethod("exposed");
      }
      return (Boolean) exposed.invoke(explanation.get());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** No plugin declares the tool any more. */
  public boolean gone(String toolId) {
    return explain(toolId, "default").isEmpty();
  }

  private Object call(Method method, Object... args) {
    try {
      return method.invoke(catalog, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
