package ai.tyrum.gateway.launcher;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The baseline of the start-up benchmark: Felix with the gateway's run bundles minus the gateway's own
 * ({@code gateway.*}) and no plugins, started the way a headless gateway starts (so without the console
 * bundle). Prints {@code bare ready} once every bundle is ACTIVE, then runs until the JVM is told to stop.
 *
 * <p>Usage: {@code BareFelix --home DIR --data DIR --port N}
 */
public final class BareFelix {
  private static final long POLL_MILLIS = 10;

  private BareFelix() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 6 || !args[0].equals("--home") || !args[2].equals("--data") || !args[4].equals("--port")) {
      System.err.println("usage: BareFelix --home DIR --data DIR --port N");
      System.exit(2);
    }
    Path home = Path.of(args[1]).toAbsolutePath();
    Path data = DataDirectory.prepare(Path.of(args[3]));
    Map<String, String> properties = Gateway.frameworkProperties(home, data, GatewayOptions.DEFAULT_BIND,
        Integer.parseInt(args[5]), true);
    Logging.configure(true);

    Framework framework = Gateway.newFramework(properties);
    framework.init();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Gateway.stopAndWait(framework), "bare-shutdown"));
    List<Bundle> bundles = RunBundles.install(framework.getBundleContext(),
        home.resolve("bundles"), bsn -> !bsn.startsWith("gateway."));
    framework.start();

    long deadline = System.nanoTime() + Gateway.READY_TIMEOUT.toNanos();
    while (!allActive(bundles)) {
      if (System.nanoTime() - deadline > 0) {
        System.err.println("bare: not all bundles ACTIVE: "
            + RunBundles.whyNotActive(bundles, RunBundles.PLUGINS_LEVEL));
        Gateway.stopAndWait(framework);
        System.exit(1);
      }
      Thread.sleep(POLL_MILLIS);
    }
    System.out.println("bare ready");
    System.out.flush();
    framework.waitForStop(0);
    System.exit(0);
  }

  private static boolean allActive(List<Bundle> bundles) {
    return bundles.stream()
        .allMatch(b -> RunBundles.isFragment(b) || b.getState() == Bundle.ACTIVE
            || b.adapt(BundleStartLevel.class).getStartLevel() > RunBundles.PLUGINS_LEVEL);
  }
}
