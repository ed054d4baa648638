package ai.tyrum.gateway.core.threads;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which live threads belong to a plugin, given the class loader of its bundle. A thread belongs to the
 * plugin when
 *
 * <ul>
 *   <li>its context class loader is the plugin's: a thread inherits its creator's, and the gateway runs
 *       every tool call with the plugin's (see {@code ToolExecutor}), so threads a tool starts carry it
 *       even once they run only JDK code (a timer, an executor's idle worker); or
 *   <li>the code it was started for (its outermost frame outside the JDK and the framework) is a class
 *       the plugin's loader defined: that covers threads started in a DS activate method or a static
 *       initialiser, whose creator was the framework's thread.
 * </ul>
 *
 * <p>A per-plugin thread group would add nothing to the first test (it too is inherited only from the
 * gateway's workers) and is ignored by code that names its own group. What neither test finds is a
 * thread the plugin started outside a tool call that now runs only JDK code, such as the idle worker
 * of an executor the plugin made in its activate method.
 */
final class PluginThreads {

  private PluginThreads() {}

  /**
   * The threads among {@code threads} (with their stacks) that belong to the plugin whose bundle's
   * class loader is {@code plugin}, never one of {@code exempt}.
   */
  static List<Thread> of(ClassLoader plugin, Map<Thread, StackTraceElement[]> threads, Set<Thread> exempt) {
    List<Thread> found = new ArrayList<>();
    for (Map.Entry<Thread, StackTraceElement[]> entry : threads.entrySet()) {
      Thread thread = entry.getKey();
      if (!exempt.contains(thread) && thread.isAlive()
          && (thread.getContextClassLoader() == plugin || startedFor(plugin, entry.getValue()))) {
        found.add(thread);
      }
    }
    return found;
  }

  /**
   * Whether the code the thread was started for, its outermost frame not of the JDK or the framework,
   * is a class of the plugin. Only that frame counts: a class name that two plugins both define (a
   * library each embeds privately) then points at the plugin that started the thread, not at every
   * plugin whose code it happens to pass through.
   */
  private static boolean startedFor(ClassLoader plugin, StackTraceElement[] stack) {
    for (int i = stack.length - 1; i >= 0; i--) {
      String className = stack[i].getClassName();
      if (!frameOfThePlatform(className)) {
        return definedBy(plugin, className);
      }
    }
    return false;
  }

  /** Whether {@code plugin} defines {@code className}: the class of a frame is loaded already. */
  private static boolean definedBy(ClassLoader plugin, String className) {
    if (frameOfThePlatform(className)) {
      return false;
    }
    try {
      return Class.forName(className, false, plugin).getClassLoader() == plugin;
    } catch (ClassNotFoundException | LinkageError e) {
      return false; // not visible to the plugin: a class of another bundle or of the gateway
    }
  }

  private static boolean frameOfThePlatform(String className) {
    return className.startsWith("java.") || className.startsWith("javax.") || className.startsWith("jdk.")
        || className.startsWith("sun.") || className.startsWith("com.sun.") || className.startsWith("org.osgi.")
        || className.startsWith("org.apache.felix.");
  }
}
