package ai.tyrum.gateway.launcher;

import ai.tyrum.gateway.launcher.runset.RunSetWatch;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * A running gateway: a Felix framework started from a distribution folder on a data dir, ready once its
 * {@code /healthz} answers 200. {@code Main} runs one per process; tests start them in-process.
 *
 * <p>A JVM shutdown stops a running gateway's framework cleanly, so that its cache stays consistent.
 */
public final class Gateway {
  static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final long STOP_TIMEOUT_MILLIS = 30_000;
  private static final String MARKETPLACE_BSN = "gateway.marketplace";
  private static final String PLUGIN_LOCK = "ai.tyrum.gateway.spi.PluginLock";

  private final Framework framework;
  private final URI url;
  private final FileLock dataLock;
  private final Thread shutdownHook;

  private Gateway(Framework framework, URI url, FileLock dataLock) {
    this.framework = framework;
    this.url = url;
    this.dataLock = dataLock;
    this.shutdownHook = new Thread(() -> stopAndWait(framework), "gateway-shutdown");
  }

  /** Starts a gateway and returns once it is ready, or throws with a message for the operator. */
  public static Gateway start(GatewayOptions options) throws LaunchException {
    return start(options, url -> {
    });
  }

  /**
   * @param onReady called once {@code /healthz} answers 200 and before the interactive console starts, so
   *     that whatever it prints comes before the console's prompt
   */
  static Gateway start(GatewayOptions options, Consumer<URI> onReady) throws LaunchException {
    Path home = options.home().toAbsolutePath().normalize();
    Path bundles = home.resolve("bundles");
    if (!Files.isDirectory(bundles)) {
      throw new LaunchException(home + " holds no bundles/ folder: it is not a gateway distribution"
          + " (build one with `mvn install` into distribution/target/gateway)");
    }
    // Taken before Gogo wraps the standard streams: the run set's warnings go to the process's console
    // whichever thread stops a bundle. Headless, the log is standard output.
    PrintStream console = options.headless() ? System.out : System.err;
    SecurityPosture security = SecurityPosture.decide(
        options.security(), Runtime.version().feature(), System.getProperty("java.security.manager"));
    if (options.security() == SecurityPosture.Requested.auto && !security.on()) {
      console.println(security.warning());
    }
    Path data = DataDirectory.prepare(options.data());
    FileLock dataLock = DataDirectory.lock(data);
    Gateway gateway;
    CompletableFuture<HealthProbe> probe;
    try {
      int port = options.port() == 0 ? freePort(options.bind()) : requireFree(options.bind(), options.port());
      URI url = url(options.bind(), port);
      // in hardened mode the probe's HTTP client is made once the security manager is in place: a client
      // made before it, on another thread, can run its exchanges on threads that hold no permission
      probe = security.on() ? null : HealthProbe.warmedUp(url.resolve("/healthz"));
      Map<String, String> properties = frameworkProperties(home, data, options.bind(), port, options.headless());
      properties.put("tyrum.audit.sync", options.auditSync());
      properties.putAll(security.properties());
      Map<String, Object> objects = new HashMap<>();
      if (security.on()) {
        HardenedMode.configure(properties, objects);
      }
      gateway = new Gateway(newFramework(properties, objects), url, dataLock);
    } catch (LaunchException | RuntimeException e) {
      DataDirectory.unlock(dataLock);
      throw e;
    }

    Framework framework = gateway.framework;
    try {
      framework.init();
      Runtime.getRuntime().addShutdownHook(gateway.shutdownHook);
      BundleContext context = framework.getBundleContext();
      if (security.on()) {
        HardenedMode.startClosed(context);
      }
      context.addBundleListener(new ConsoleTerminal());
      List<Bundle> run = RunBundles.install(context, bundles, bsn -> true);

      framework.start();
      List<String> failed = RunBundles.whyNotActive(run, RunBundles.PLUGINS_LEVEL);
      if (!failed.isEmpty()) {
        throw new LaunchException("bundles of the gateway did not start:\n  " + String.join("\n  ", failed));
      }
      awaitPluginsChecked(context, run);
      (probe == null ? new HealthProbe(gateway.url.resolve("/healthz")) : probe.join())
          .await(READY_TIMEOUT, () -> framework.getState() == Bundle.ACTIVE);
      RunSetWatch.start(context, run, console);

      onReady.accept(gateway.url);
      raiseStartLevel(framework, RunBundles.CONSOLE_LEVEL);
      return gateway;
    } catch (LaunchException | RuntimeException e) {
      gateway.stop();
      throw e;
    } catch (BundleException e) {
      gateway.stop();
      throw new LaunchException("cannot start the framework on " + data.resolve("felix-cache") + ": "
          + causes(e), e);
    }
  }

  /**
   * Waits until the marketplace has brought the framework in line with the lockfile (and, on the first
   * start of a data dir, installed the bundled catalog's plugins): it registers its lockfile service
   * only then. A run set without the marketplace has nothing to wait for.
   */
  private static void awaitPluginsChecked(BundleContext context, List<Bundle> run) throws LaunchException {
    if (run.stream().noneMatch(b -> MARKETPLACE_BSN.equals(b.getSymbolicName()))) {
      return;
    }
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    // getAllServiceReferences: the launcher's own class path (an embedding test's) may hold the SPI classes
    // too, and a reference is then not "assignable" to the system bundle, though the service is there
    while (lockMissing(context)) {
      if (System.nanoTime() > deadline) {
        throw new LaunchException("the marketplace did not finish checking the installed plugins within "
            + READY_TIMEOUT.toSeconds() + " s");
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new LaunchException("interrupted while the marketplace checked the installed plugins");
      }
    }
  }

  private static boolean lockMissing(BundleContext context) {
    try {
      return context.getAllServiceReferences(PLUGIN_LOCK, null) == null;
    } catch (org.osgi.framework.InvalidSyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public Framework framework() {
    return framework;
  }

  /** The HTTP API's base URL, such as {@code http://127.0.0.1:8788}. */
  public URI url() {
    return url;
  }

  /** Stops the framework and waits until it has stopped. */
  public void stop() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException | IllegalArgumentException shuttingDownOrNeverAdded) {
      // The hook stops the framework itself, or start() failed before adding it.
    }
    try {
      stopAndWait(framework);
    } finally {
      DataDirectory.unlock(dataLock);
    }
  }

  /** Waits until the framework stops, by {@link #stop()}, the console's {@code exit} or a JVM shutdown. */
  public void awaitStop() throws InterruptedException {
    while (framework.waitForStop(0).getType() == FrameworkEvent.WAIT_TIMEDOUT) {
      // waitForStop(0) waits for ever; the loop only guards against a spurious time-out.
    }
  }

  /** The framework properties the gateway, {@link BareFelix} and the in-framework tests share. */
  public static Map<String, String> frameworkProperties(Path home, Path data, String bind, int port, boolean headless) {
    Map<String, String> properties = new HashMap<>();
    // Plugins start at level 3; the console (level 4) when the launcher raises the level after ready.
    properties.put(Constants.FRAMEWORK_BEGINNING_STARTLEVEL, String.valueOf(RunBundles.PLUGINS_LEVEL));
    // Every bundle installed after the run set is a plugin, whoever installs it: it starts at the plugins'
    // level from the moment it exists. (Setting the level after install is asynchronous in Felix, and
    // its start-level thread would start a refused plugin a second time and log the refusal as an ERROR.)
    properties.put("felix.startlevel.bundle", String.valueOf(RunBundles.PLUGINS_LEVEL));
    properties.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toString());
    properties.put(Constants.FRAMEWORK_STORAGE_CLEAN, "none");
    // Two bundles with one symbolic name and version are a packaging mistake, not something to run.
    properties.put(Constants.FRAMEWORK_BSNVERSION, Constants.FRAMEWORK_BSNVERSION_MANAGED);
    properties.put("felix.log.level", "1");
    // SCR keeps the component descriptions it read in its bundle data and reads them back at the next
    // start while a bundle is unchanged, instead of parsing every bundle's OSGI-INF XML again.
    properties.put("ds.cache.metadata", "true");
    // SCR announces component changes (a plugin component that failed to activate among them) by raising
    // ServiceComponentRuntime's service.changecount this long after them; its default is 5 s.
    properties.put("ds.service.changecount.timeout", "100");
    properties.put("tyrum.data", data.toString());
    // The distribution folder: the marketplace finds the bundled catalog in its catalog/.
    properties.put("tyrum.home", home.toString());
    properties.put("tyrum.http.port", String.valueOf(port));
    properties.put("tyrum.http.bind", bind);
    properties.put("org.osgi.service.http.port", String.valueOf(port));
    properties.put("org.apache.felix.http.host", bind);
    properties.put("org.apache.felix.http.enable", "true");
    // Jetty's default decodes %2F and %25 in a path and then resolves "..", so /plugins/x/rpc/..%2F..%2Fstatus
    // reached /plugins/status and a % reached the routes: a path that decodes ambiguously is refused (400).
    properties.put("org.eclipse.jetty.UriComplianceMode", "RFC3986_UNAMBIGUOUS");
    if (headless) {
      properties.put("gosh.args", "--nointeractive");
    }
    // Gogo reads etc/gosh_profile of the distribution instead of its default profile, which needs a line
    // editor (a headless shell has none) and draws a clock as the right prompt.
    properties.put("gosh.home", home.toString());
    return properties;
  }

  /** A framework of the launcher's class path, logging through {@link FrameworkLog}. */
  public static Framework newFramework(Map<String, String> properties) throws LaunchException {
    return newFramework(properties, Map.of());
  }

  /** A framework as {@link #newFramework(Map)} makes it, with configuration values that are objects. */
  static Framework newFramework(Map<String, String> properties, Map<String, Object> objects) throws LaunchException {
    FrameworkFactory factory = ServiceLoader.load(FrameworkFactory.class).findFirst()
        .orElseThrow(() -> new LaunchException("no OSGi framework on the class path: lib/ must hold"
            + " org.apache.felix.framework"));
    // Felix takes its logger as an object among the (otherwise string) configuration properties
    Map<String, Object> configuration = new HashMap<>(properties);
    configuration.put("felix.log.logger", new FrameworkLog(System.out));
    configuration.putAll(objects);
    @SuppressWarnings({"unchecked", "rawtypes"})
    Map<String, String> felix = (Map) configuration;
    return factory.newFramework(felix);
  }

  static void stopAndWait(Framework framework) {
    try {
      framework.stop();
      framework.waitForStop(STOP_TIMEOUT_MILLIS);
    } catch (BundleException e) {
      throw new IllegalStateException("cannot stop the framework: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Picks a free port up front rather than letting Jetty bind port 0: every consumer of the port properties
   * (the core, plugins, the ready line) then sees the real port. Another process could take the port in the
   * milliseconds before Jetty binds it; the health probe would then time out with a clear message.
   */
  private static int freePort(String bind) throws LaunchException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(bind))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LaunchException("cannot listen on " + bind + ": " + e.getMessage(), e);
    }
  }

  /** Refuses a busy port, so that the health probe cannot mistake another server there for this gateway. */
  private static int requireFree(String bind, int port) throws LaunchException {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(bind))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new LaunchException("cannot listen on " + bind + " port " + port + " (" + e.getMessage()
          + "): stop what uses it, or choose another port with --port N");
    }
  }

  /** The URL clients use; a wildcard bind is reached through the loopback address. */
  static URI url(String bind, int port) {
    String host = switch (bind) {
      case "0.0.0.0" -> "127.0.0.1";
      case "::", "[::]", "0:0:0:0:0:0:0:0" -> "[::1]";
      default -> bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
    };
    return URI.create("http://" + host + ":" + port);
  }

  private static void raiseStartLevel(Framework framework, int level) throws LaunchException {
    CountDownLatch reached = new CountDownLatch(1);
    framework.adapt(FrameworkStartLevel.class).setStartLevel(level, event -> reached.countDown());
    try {
      if (!reached.await(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new LaunchException("the framework did not reach start level " + level + " within "
            + READY_TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LaunchException("interrupted while starting the console");
    }
  }

  private static String causes(Throwable e) {
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      message.append(": ").append(cause.getMessage());
    }
    return message.toString();
  }
}
