package ai.tyrum.gateway.launcher;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;

/**
 * The baseline of the start-up and scale benchmarks: Felix with the gateway's run bundles minus the
 * gateway's own ({@code gateway.*}), started the way a headless gateway starts (so without the console
 * bundle). Prints {@code bare ready} once every bundle is ACTIVE, then runs until the JVM is told to stop.
 *
 * <p>With {@code --plugins DIR}, it also installs and starts every jar of {@code DIR} at the plugins' start
 * level, as they are, with the API bundle and the {@code tyrum.plugin} extender capability they require:
 * SCR registers their components' services, and nothing of the gateway examines them. That is the same
 * plugin bundles brought up by the framework alone.
 *
 * <p>With {@code --floor}, it then does what any gateway start must do beyond the framework before it is
 * ready ({@link LibraryFloor}), and only then prints {@code bare ready}.
 *
 * <p>Usage: {@code BareFelix --home DIR --data DIR --port N [--plugins DIR]... [--floor]}
 */
public final class BareFelix {
  private static final long POLL_MILLIS = 10;
  private static final String PLUGIN_LOCATION = "bare:";

  private BareFelix() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 6 || !args[0].equals("--home") || !args[2].equals("--data") || !args[4].equals("--port")) {
      usage();
    }
    Path home = Path.of(args[1]).toAbsolutePath();
    Path data = DataDirectory.prepare(Path.of(args[3]));
    List<Path> pluginJars = new ArrayList<>();
    boolean floor = false;
    for (int i = 6; i < args.length; i++) {
      if (args[i].equals("--floor")) {
        floor = true;
      } else if (args[i].equals("--plugins") && i + 1 < args.length) {
        pluginJars.addAll(RunBundles.jars(Path.of(args[++i])));
      } else {
        usage();
      }
    }
    Map<String, String> properties = Gateway.frameworkProperties(home, data, GatewayOptions.DEFAULT_BIND,
        Integer.parseInt(args[5]), true);
    boolean plugins = !pluginJars.isEmpty();
    if (plugins) {
      // what gateway.core provides to the plugins it extends
      properties.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA,
          "osgi.extender;osgi.extender=tyrum.plugin;version:Version=\"1.0.0\"");
    }
    Logging.configure(true);

    Framework framework = Gateway.newFramework(properties);
    framework.init();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> Gateway.stopAndWait(framework), "bare-shutdown"));
    BundleContext context = framework.getBundleContext();
    List<Bundle> bundles = new ArrayList<>(RunBundles.install(context, home.resolve("bundles"),
        bsn -> !bsn.startsWith("gateway.") || plugins && bsn.equals("gateway.api")));
    Set<String> cached = new HashSet<>();
    for (Bundle bundle : context.getBundles()) {
      if (bundle.getLocation().startsWith(PLUGIN_LOCATION)) {
        cached.add(bundle.getLocation());
        bundles.add(bundle);
      }
    }
    for (Path jar : pluginJars) {
      String location = PLUGIN_LOCATION + jar.toAbsolutePath();
      if (!cached.contains(location)) {
        try (InputStream in = Files.newInputStream(jar)) {
          Bundle bundle = context.installBundle(location, in);
          bundle.start();
          bundles.add(bundle);
        }
      }
    }
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
    if (floor) {
      LibraryFloor.run(context, home, pluginJars);
    }
    System.out.println("bare ready");
    System.out.flush();
    framework.waitForStop(0);
    System.exit(0);
  }

  private static void usage() {
    System.err.println("usage: BareFelix --home DIR --data DIR --port N [--plugins DIR]... [--floor]");
    System.exit(2);
  }

  private static boolean allActive(List<Bundle> bundles) {
    return bundles.stream()
        .allMatch(b -> RunBundles.isFragment(b) || b.getState() == Bundle.ACTIVE
            || b.adapt(BundleStartLevel.class).getStartLevel() > RunBundles.PLUGINS_LEVEL);
  }
}
