package ai.tyrum.gateway.launcher.runset;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * Loads the launcher's servlet classes ({@link HealthServlet}, {@link HealthContext}) against the servlet
 * and whiteboard API classes of the HTTP whiteboard bundle, so that the whiteboard can use them: the
 * launcher is not a bundle, and its own class path holds no servlet API (or, in an embedding test, a
 * copy of its own that the whiteboard would not accept).
 *
 * <p>The named classes are defined here from the launcher's class files; the servlet and whiteboard
 * packages come from the whiteboard bundle's class loader; everything else (the JDK, the framework API,
 * {@link HealthAnswer}) from the launcher's.
 */
final class WhiteboardClassLoader extends ClassLoader {

  private static final List<String> WHITEBOARD_PACKAGES = List.of("jakarta.servlet.", "org.osgi.service.servlet.");

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader whiteboard;
  private final Set<String> defined;

  WhiteboardClassLoader(ClassLoader launcher, ClassLoader whiteboard, Set<String> defined) {
    super("tyrum-launcher-whiteboard", launcher);
    this.whiteboard = whiteboard;
    this.defined = defined;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!defined.contains(name)) {
      return WHITEBOARD_PACKAGES.stream().anyMatch(name::startsWith) ? whiteboard.loadClass(name) : super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = define(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private Class<?> define(String name) throws ClassNotFoundException {
    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
      if (in == null) {
        throw new ClassNotFoundException(name + " is not in the launcher's jar");
      }
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length, WhiteboardClassLoader.class.getProtectionDomain());
    } catch (IOException e) {
      throw new ClassNotFoundException("cannot read " + name + " from the launcher's jar", e);
    }
  }
}
