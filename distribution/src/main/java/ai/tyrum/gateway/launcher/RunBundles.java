package ai.tyrum.gateway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Installs the distribution's {@code bundles/} (the resolved run set of cnf/gateway.bndrun) and keeps a
 * reused framework cache in step with it: new jars are installed, jars newer than their cached copy are
 * updated, and bundles whose jar left the folder are uninstalled.
 *
 * <p>Locations are {@code tyrum:bundles/<file name>} rather than file URLs, so that a cache stays valid when
 * the distribution folder moves; the jars are installed from streams and copied into the cache.
 *
 * <p>Start levels order the start-up: the services the gateway builds on (1), the gateway's own bundles
 * (2), plugins (3), and last the console, Gogo's JLine shell (4). The launcher raises the framework to 4
 * only after announcing readiness, so that the console's prompt follows the ready line instead of
 * splitting it. Headless, the shell bundle still starts (its commands and converters serve every Gogo
 * session) but opens no console.
 */
final class RunBundles {
  static final String LOCATION_PREFIX = "tyrum:bundles/";
  static final int SERVICES_LEVEL = 1;
  static final int GATEWAY_LEVEL = 2;
  static final int PLUGINS_LEVEL = 3;
  static final int CONSOLE_LEVEL = 4;
  static final String CONSOLE_BSN = "org.apache.felix.gogo.jline";
  /**
   * The web console needs nothing of the gateway's (it serves files; the page calls the HTTP API), so it
   * starts with the services, before gateway.marketplace registers its resolve gate. Among the gateway's
   * bundles it would start last, and could then resolve while the gate holds a bundle it refuses that
   * declares no requirement (one a plugin installed itself, on the next start): Felix then wires nothing
   * resolved in that operation to a bundle resolved before, and the console would not resolve.
   */
  static final String WEBCONSOLE_BSN = "gateway.webconsole";
  private static final List<String> STARTS_FIRST =
      List.of("org.apache.aries.spifly.dynamic.bundle", "slf4j.api", "slf4j.simple");

  private RunBundles() {
  }

  /**
   * Installs (or updates) every jar of {@code folder} whose symbolic name {@code include} accepts, and marks
   * it for start; called between {@code Framework.init()} and {@code start()}, so nothing resolves or
   * starts yet.
   */
  static List<Bundle> install(BundleContext context, Path folder, Predicate<String> include) throws LaunchException {
    Map<String, Bundle> cached = new HashMap<>();
    for (Bundle bundle : context.getBundles()) {
      if (bundle.getLocation().startsWith(LOCATION_PREFIX)) {
        cached.put(bundle.getLocation(), bundle);
      }
    }
    List<Bundle> installed = new ArrayList<>();
    for (Path jar : inStartOrder(jars(folder), include)) {
      String location = LOCATION_PREFIX + jar.getFileName();
      Bundle bundle = cached.remove(location);
      try {
        if (bundle == null) {
          try (InputStream in = Files.newInputStream(jar)) {
            bundle = context.installBundle(location, in);
          }
        } else if (Files.getLastModifiedTime(jar).toMillis() > bundle.getLastModified()) {
          try (InputStream in = Files.newInputStream(jar)) {
            bundle.update(in);
          }
        }
        bundle.adapt(BundleStartLevel.class).setStartLevel(startLevel(bundle));
        if (!isFragment(bundle)) {
          bundle.start();
        }
      } catch (BundleException | IOException e) {
        throw new LaunchException("cannot install " + jar + ": " + e.getMessage(), e);
      }
      installed.add(bundle);
    }
    for (Bundle gone : cached.values()) {
      try {
        gone.uninstall();
      } catch (BundleException e) {
        throw new LaunchException("cannot uninstall " + gone.getLocation() + ", whose jar left " + folder + ": "
            + e.getMessage(), e);
      }
    }
    return installed;
  }

  /**
   * Felix starts the bundles of one start level in the order of their ids, that is, of installation. The
   * ServiceLoader mediator and the slf4j provider go first: slf4j binds its provider once, at the first
   * logger any bundle creates, and falls back to a no-op logger for good if the provider is not
   * registered with the mediator by then.
   */
  private static List<Path> inStartOrder(List<Path> jars, Predicate<String> include) throws LaunchException {
    Map<Path, String> names = new HashMap<>();
    for (Path jar : jars) {
      names.put(jar, symbolicName(jar));
    }
    List<Path> ordered = new ArrayList<>();
    for (String first : STARTS_FIRST) {
      jars.stream().filter(jar -> first.equals(names.get(jar))).forEach(ordered::add);
    }
    jars.stream().filter(jar -> !ordered.contains(jar)).forEach(ordered::add);
    ordered.removeIf(jar -> !include.test(names.get(jar)));
    return ordered;
  }

  private static String symbolicName(Path jar) throws LaunchException {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String bsn = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
      return bsn == null ? "" : bsn.split(";", 2)[0].trim();
    } catch (IOException e) {
      throw new LaunchException("cannot read " + jar + ": " + e.getMessage(), e);
    }
  }

  /** The jars of {@code folder}, sorted by name so that bundle ids do not depend on directory order. */
  static List<Path> jars(Path folder) throws LaunchException {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
      stream.forEach(jars::add);
    } catch (IOException e) {
      throw new LaunchException("cannot list " + folder + ": " + e.getMessage(), e);
    }
    jars.sort(null);
    return jars;
  }

  static boolean isFragment(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
  }

  /**
   * For each bundle of {@code installed} due at start level {@code level} that is not ACTIVE, its name and
   * why. The reason comes from starting it once more: the framework reports the first failure only
   * through an asynchronous event.
   */
  static List<String> whyNotActive(List<Bundle> installed, int level) {
    List<String> problems = new ArrayList<>();
    for (Bundle bundle : installed) {
      boolean due = bundle.adapt(BundleStartLevel.class).getStartLevel() <= level;
      if (due && !isFragment(bundle) && bundle.getState() != Bundle.ACTIVE) {
        String why;
        try {
          bundle.start();
          if (bundle.getState() == Bundle.ACTIVE) {
            continue;
          }
          why = stateName(bundle.getState());
        } catch (BundleException | IllegalStateException e) {
          why = e.getMessage();
        }
        problems.add(bundle.getSymbolicName() + " " + bundle.getVersion() + ": " + why);
      }
    }
    return problems;
  }

  private static int startLevel(Bundle bundle) {
    String bsn = String.valueOf(bundle.getSymbolicName());
    if (WEBCONSOLE_BSN.equals(bsn)) {
      return SERVICES_LEVEL;
    }
    if (bsn.startsWith("gateway.")) {
      return GATEWAY_LEVEL;
    }
    return CONSOLE_BSN.equals(bsn) ? CONSOLE_LEVEL : SERVICES_LEVEL;
  }

  static String stateName(int state) {
    return switch (state) {
      case Bundle.INSTALLED -> "INSTALLED";
      case Bundle.RESOLVED -> "RESOLVED";
      case Bundle.STARTING -> "STARTING";
      case Bundle.STOPPING -> "STOPPING";
      case Bundle.ACTIVE -> "ACTIVE";
      case Bundle.UNINSTALLED -> "UNINSTALLED";
      default -> String.valueOf(state);
    };
  }
}
