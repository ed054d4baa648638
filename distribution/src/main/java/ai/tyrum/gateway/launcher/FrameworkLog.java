package ai.tyrum.gateway.launcher;

import java.io.PrintStream;
import org.apache.felix.framework.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceReference;

/**
 * The framework's own log (errors only, as {@code felix.log.level=1} asks), except for a bundle that is
 * started and does not resolve. At every start Felix tries again each plugin marked started; one the
 * gateway refused never resolves (its resolver hook sees to that, or a requirement of another API major
 * is missing), and the gateway has recorded why as a {@code plugin.lifecycle failed} event. That is
 * one warning line here, not an ERROR with a stack trace at every start.
 */
final class FrameworkLog extends Logger {

  private final PrintStream out;

  FrameworkLog(PrintStream out) {
    this.out = out;
  }

  @Override
  protected void doLog(Bundle bundle, ServiceReference sr, int level, String msg, Throwable throwable) {
    if (level == LOG_ERROR && bundle != null && unresolvable(throwable)) {
      out.println("WARNING: bundle " + bundle.getSymbolicName() + " " + bundle.getVersion() + " [" + bundle.getBundleId()
          + "] not started: it does not resolve (plugin:list shows why)");
      return;
    }
    super.doLog(bundle, sr, level, msg, throwable);
  }

  private static boolean unresolvable(Throwable throwable) {
    return throwable instanceof BundleException e && e.getType() == BundleException.RESOLVE_ERROR;
  }
}
