package ai.tyrum.gateway.itest;

import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.osgi.framework.Bundle;
import org.osgi.framework.connect.FrameworkUtilHelper;
import org.osgi.framework.launch.Framework;

/**
 * Answers {@code FrameworkUtil.getBundle} for the API classes the system bundle exports from the class
 * path (OSGi Core 10.1.6.26, FrameworkUtilHelper): the system bundle of the running test framework.
 *
 * <p>Without it, {@code FrameworkUtil.getBundle(Tool.class)} is null for a class the application class
 * loader loaded, while gateway.core reads the {@code tyrum.gateway} capability from the bundle that owns
 * the API. Felix loads helpers with {@code ServiceLoader} from the framework's class loader, which here
 * is the test class path ({@code META-INF/services/org.osgi.framework.connect.FrameworkUtilHelper}).
 */
public final class SystemBundleApiHelper implements FrameworkUtilHelper {

  private record Running(Framework framework, SystemBundleApi api) {}

  /** Newest first; a test normally runs one framework at a time. */
  private static final Deque<Running> RUNNING = new ConcurrentLinkedDeque<>();

  static void started(Framework framework, SystemBundleApi api) {
    RUNNING.addFirst(new Running(framework, api));
  }

  static void stopped(Framework framework) {
    RUNNING.removeIf(running -> running.framework() == framework);
  }

  @Override
  public Optional<Bundle> getBundle(Class<?> type) {
    return RUNNING.stream()
        .filter(running -> running.api().owns(type))
        .findFirst()
        .map(running -> (Bundle) running.framework());
  }
}
