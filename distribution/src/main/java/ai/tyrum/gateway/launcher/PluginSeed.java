package ai.tyrum.gateway.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;

/**
 * Installs the distribution's example plugins ({@code plugins/}) on the first start of a data dir only.
 * After that the plugins are the operator's to keep or remove: a plugin uninstalled on purpose must not
 * come back on the next start. The marker {@code DATA/.plugins-seeded} records that seeding happened.
 *
 * <p>A plugin that cannot be installed or started (it does not resolve, its activator fails) does not stop
 * the gateway: it stays installed, and the gateway core records and reports why.
 */
final class PluginSeed {
  static final String MARKER = ".plugins-seeded";
  static final String LOCATION_PREFIX = "tyrum:plugins/";

  private PluginSeed() {
  }

  static boolean done(Path data) {
    return Files.exists(data.resolve(MARKER));
  }

  /**
   * Installs and starts every jar of {@code folder}, then writes the marker. The framework gives a bundle
   * installed now the plugins' start level ({@code felix.startlevel.bundle}, see {@link Gateway}).
   */
  static void seed(BundleContext context, Path folder, Path data, PrintStream log) throws LaunchException {
    StringBuilder record = new StringBuilder("# Example plugins installed on the first start of this data dir.\n")
        .append("# While this file exists, the gateway does not install them again.\n")
        .append("seeded ").append(Instant.now()).append('\n');
    if (Files.isDirectory(folder)) {
      for (Path jar : RunBundles.jars(folder)) {
        record.append(jar.getFileName()).append(' ').append(install(context, jar, log)).append('\n');
      }
    }
    try {
      DataDirectory.writeAtomically(data.resolve(MARKER), record.toString());
    } catch (IOException e) {
      throw new LaunchException("cannot write " + data.resolve(MARKER) + ": " + e.getMessage(), e);
    }
  }

  private static String install(BundleContext context, Path jar, PrintStream log) {
    Bundle bundle;
    try (InputStream in = Files.newInputStream(jar)) {
      bundle = context.installBundle(LOCATION_PREFIX + jar.getFileName(), in);
    } catch (BundleException | IOException e) {
      log.println("gateway: plugin " + jar.getFileName() + " not installed: " + e.getMessage());
      return "not-installed";
    }
    try {
      bundle.start();
      return "started";
    } catch (BundleException e) {
      // the gateway refused it (an event records why); one line here, the reason in plugin:list
      log.println("gateway: plugin " + bundle.getSymbolicName() + " " + bundle.getVersion() + " installed but not"
          + " started; plugin:list shows why");
      return "not-started";
    }
  }
}
