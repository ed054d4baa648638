package ai.tyrum.gateway.benchmarks;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * The verified pipeline's {@code PluginInstaller} service, installing and uninstalling one catalog
 * plugin, reached by reflection: its types live in the framework.
 */
public final class PluginInstallerView {
  private final String plugin;
  private final Object service;
  private final Method install;
  private final Method uninstall;
  private final Object request;

  public PluginInstallerView(BundleContext context, String plugin) throws Exception {
    ServiceReference<?> reference = InProcessGateway.reference(context, "ai.tyrum.gateway.spi.PluginInstaller");
    Bundle provider = reference.getBundle();
    Class<?> type = provider.loadClass("ai.tyrum.gateway.spi.PluginInstaller");
    Class<?> requestType = provider.loadClass("ai.tyrum.gateway.spi.InstallRequest");
    this.plugin = plugin;
    this.service = context.getService(reference);
    this.install = type.getMethod("install", requestType);
    this.uninstall = type.getMethod("uninstall", String.class, boolean.class, String.class);
    this.request = requestType.getMethod("catalog", String.class, Optional.class, List.class, String.class)
        .invoke(null, plugin, Optional.empty(), List.of(), "benchmark");
  }

  /** Installs the newest version the catalogs offer, with no grant; it must then be loaded. */
  public void install() throws Exception {
    Map<?, ?> outcome = (Map<?, ?>) call(install, request);
    if (!"loaded".equals(outcome.get("state"))) {
      throw new IllegalStateException(plugin + " is not loaded after its install: " + outcome);
    }
  }

  public void uninstall() throws Exception {
    call(uninstall, plugin, false, "benchmark");
  }

  private Object call(Method method, Object... args) throws Exception {
    try {
      return method.invoke(service, args);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
