package ai.tyrum.gateway.itest;

import ai.tyrum.gateway.launcher.Gateway;
import ai.tyrum.gateway.launcher.LaunchException;
import ai.tyrum.gateway.launcher.runset.RunSetWatch;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.wiring.BundleRevision;

/**
 * Starts and stops the framework of a {@link GatewayFramework}: the framework properties, the chosen part
 * of the run set, the test's services and plugins, and the wait until the gateway is ready.
 */
final class FrameworkLauncher {

  /** The location prefix of the launcher's run bundles; code that tells the run set by location sees ours as its. */
  static final String RUN_SET_LOCATION = "tyrum:bundles/";

  /**
   * Felix starts the bundles of one start level in install order. The ServiceLoader mediator and the slf4j
   * provider go first: slf4j binds its provider at the first logger any bundle creates, for good.
   */
  private static final List<String> STARTS_FIRST = List.of("org.apache.aries.spifly.dynamic.bundle", "slf4j.api", "slf4j.simple");
  /**
   * The launcher's start levels: the services the gateway builds on, then the gateway's own bundles, then
   * plugins (and the console). Felix stops them in the reverse order, so that the gateway stops before
   * EventAdmin and the other services it posts to.
   */
  private static final int SERVICES_LEVEL = 1;
  private static final int GATEWAY_LEVEL = 2;
  private static final int PLUGINS_LEVEL = 3;
  private static final long STOP_TIMEOUT_MILLIS = 30_000;
  /** Held strongly: java.util.logging forgets the level of a logger nobody references. */
  private static final Logger SPIFLY = Logger.getLogger("org.apache.aries.spifly");

  private FrameworkLauncher() {}

  private static Framework newFramework(Map<String, String> properties) {
    try {
      return Gateway.newFramework(properties);
    } catch (LaunchException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /**
   * Starts a framework for {@code composition} on {@code data}, whose cache may hold the bundles of an
   * earlier start, and returns once the gateway answers {@code GET /healthz}. On failure the framework is
   * stopped and the data dir removed.
   */
  static GatewayFramework launch(Composition composition, Path data, Map<String, String> seededTokens, String knownToken) {
    Distribution distribution = Distribution.fromSystemProperties();
    SystemBundleApi api = SystemBundleApi.fromClassPath();
    SPIFLY.setLevel(Level.WARNING); // it reports every provider it registers, at every start
    int port = freePort();
    URI url = URI.create("http://127.0.0.1:" + port);
    // the launcher's own properties and framework: the same start levels, log and SCR cache
    Map<String, String> properties = Gateway.frameworkProperties(distribution.home(), data, "127.0.0.1", port, true);
    api.configure(properties);
    properties.putAll(composition.properties());

    ConsoleCapture console = ConsoleCapture.start();
    PrintStream warnings = System.err; // the capture's, as the launcher takes it before Gogo wraps it
    Framework framework = newFramework(properties);
    try {
      framework.init();
      SystemBundleApiHelper.started(framework, api);
      BundleContext context = framework.getBundleContext();
      composition.services().forEach(service -> service.register(context));
      // installBundle answers the bundle already installed at a location: a restart keeps the cached ones
      List<Bundle> runSet = installRunSet(context, distribution, composition);
      List<Bundle> plugins = new ArrayList<>();
      for (Path jar : pluginJars(distribution, composition)) {
        try (InputStream in = Files.newInputStream(jar)) {
          plugins.add(context.installBundle(jar.toUri().toString(), in));
        }
      }
      framework.start();
      // Started here rather than marked for the start level to start: Felix logs the failed start of a
      // refused plugin there as an ERROR with a stack trace, and reports it here as an exception.
      plugins.forEach(FrameworkLauncher::startIfResolvable);
      awaitReady(context, runSet, url);
      RunSetWatch.start(context, runSet, warnings);
      GatewayFramework gateway = new GatewayFramework(composition, distribution, framework, data, url, console, seededTokens, knownToken);
      gateway.awaitMcpSettled();
      return gateway;
    } catch (BundleException | IOException e) {
      abort(framework, console, data, e);
      throw new IllegalStateException("cannot start the framework: " + e.getMessage(), e);
    } catch (RuntimeException | Error e) {
      abort(framework, console, data, e);
      throw e;
    }
  }

  /** Undoes a start that failed: {@code failure} stays the error to report, a failure to clean up is added to it. */
  private static void abort(Framework framework, ConsoleCapture console, Path data, Throwable failure) {
    try {
      stop(framework, console);
    } catch (RuntimeException suppressed) {
      failure.addSuppressed(suppressed);
    } finally {
      DataFiles.delete(data);
    }
  }

  /** Stops {@code framework}, waits until it has stopped, and puts the console streams back. */
  static void stop(Framework framework, ConsoleCapture console) {
    try {
      framework.stop();
      if (framework.waitForStop(STOP_TIMEOUT_MILLIS).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
        throw new IllegalStateException("the framework did not stop within " + STOP_TIMEOUT_MILLIS + " ms");
      }
    } catch (BundleException e) {
      throw new IllegalStateException("cannot stop the framework: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      SystemBundleApiHelper.stopped(framework);
      console.close();
    }
  }

  /**
   * Starts {@code bundle} unless it cannot resolve. Felix reports the failed resolution of a plugin the
   * gateway refuses as a BundleException; the bundle stays INSTALLED, which is the test's to check.
   */
  static void startIfResolvable(Bundle bundle) {
    if (isFragment(bundle)) {
      return;
    }
    try {
      bundle.start();
    } catch (BundleException e) {
      if (e.getType() != BundleException.RESOLVE_ERROR) {
        throw new IllegalStateException("cannot start " + bundle.getLocation() + ": " + e.getMessage(), e);
      }
    }
  }

  private static List<Bundle> installRunSet(BundleContext context, Distribution distribution, Composition composition)
      throws BundleException, IOException {
    List<Distribution.RunBundle> chosen = distribution.runSet().stream()
        .filter(b -> !b.symbolicName().equals(SystemBundleApi.SYMBOLIC_NAME))
        .filter(b -> !GatewayFramework.OPTIONAL_BUNDLES.contains(b.symbolicName())
            || composition.optionalBundles().contains(b.symbolicName()))
        .sorted(Comparator.comparingInt(b -> {
          int first = STARTS_FIRST.indexOf(b.symbolicName());
          return first < 0 ? STARTS_FIRST.size() : first;
        }))
        .toList();
    List<Bundle> installed = new ArrayList<>();
    for (Distribution.RunBundle runBundle : chosen) {
      try (InputStream in = Files.newInputStream(runBundle.jar())) {
        Bundle bundle = context.installBundle(RUN_SET_LOCATION + runBundle.jar().getFileName(), in);
        bundle.adapt(BundleStartLevel.class)
            .setStartLevel(startLevel(runBundle.symbolicName()));
        if (!isFragment(bundle)) {
          bundle.start();
        }
        installed.add(bundle);
      }
    }
    return installed;
  }

  /** As the launcher's RunBundles: the web console with the services, the rest of gateway.* after them. */
  private static int startLevel(String symbolicName) {
    if (symbolicName.equals("gateway.webconsole")) {
      return SERVICES_LEVEL;
    }
    return symbolicName.startsWith("gateway.") ? GATEWAY_LEVEL : SERVICES_LEVEL;
  }

  private static List<Path> pluginJars(Distribution distribution, Composition composition) {
    List<Path> jars = new ArrayList<>();
    composition.examplePlugins().forEach(name -> jars.add(distribution.examplePlugin(name)));
    jars.addAll(composition.pluginJars());
    return jars;
  }

  private static void awaitReady(BundleContext context, List<Bundle> runSet, URI url) {
    Await.until("every bundle of the run set is ACTIVE",
        () -> runSet.stream().allMatch(b -> isFragment(b) || b.getState() == Bundle.ACTIVE));
    Await.until("GET /healthz answers 200", () -> GatewayHttp.anonymous(url).get("/healthz").status() == 200);
    // as the launcher does: with the marketplace, ready follows its start-up check of the lockfile
    if (runSet.stream().anyMatch(b -> "gateway.marketplace".equals(b.getSymbolicName()))) {
      Await.until("the marketplace checked the installed plugins", () -> context.getServiceReference(PluginLock.class) != null);
    }
  }

  private static boolean isFragment(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    return revision != null && (revision.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
  }

  /**
   * Picks a free port up front rather than letting Jetty bind port 0, so that every consumer of the port
   * properties sees the real port (as the launcher does).
   */
  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port", e);
    }
  }
}
