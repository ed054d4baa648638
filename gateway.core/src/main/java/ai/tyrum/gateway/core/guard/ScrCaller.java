package ai.tyrum.gateway.core.guard;

import java.util.Optional;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleReference;

/**
 * Whether a lookup made with a plugin's bundle context comes from SCR, which tracks ConfigurationAdmin
 * with the context of each bundle whose components it manages (Felix SCR's {@code ConfigAdminTracker}):
 * the one way a plugin's components get their configuration. Walks the stack to the first class that a
 * bundle loaded, past the framework, the tracker utility and this guard. Called only for that one
 * service, when a plugin looks it up.
 */
final class ScrCaller {

  static final String SCR = "org.apache.felix.scr";
  private static final String TRACKER_PACKAGE = "org.osgi.util.tracker.";
  private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

  private ScrCaller() {}

  static boolean isScr() {
    Optional<Bundle> caller = WALKER.walk(frames -> frames
        .map(StackWalker.StackFrame::getDeclaringClass)
        .filter(type -> type.getClassLoader() instanceof BundleReference)
        .filter(type -> !type.getName().startsWith(TRACKER_PACKAGE))
        .filter(type -> type.getClassLoader() != ScrCaller.class.getClassLoader())
        .findFirst()
        .map(type -> ((BundleReference) type.getClassLoader()).getBundle()));
    return caller.map(bundle -> SCR.equals(bundle.getSymbolicName())).orElse(false);
  }
}
