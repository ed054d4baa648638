package ai.tyrum.gateway.itest;

import ai.tyrum.gateway.api.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.osgi.framework.Constants;

/**
 * The gateway.api bundle, played by the system bundle (OSGi Core 4.2.2, "system packages"): the API and
 * SPI packages are exported from the class path the test runs on, so that a fake {@code ToolPolicy} that a
 * test registers and the {@code ToolPolicy} that gateway.core imports are one class. The gateway.api jar
 * itself is then not installed: a second exporter would give the bundles a class space of their own.
 *
 * <p>Exports and capabilities are copied from the manifest of the gateway.api jar that is on the class
 * path, so that the system bundle offers exactly what the bundle would: the same package versions (a
 * plugin importing the API at another major stays unresolved) and the {@code tyrum.gateway} capability
 * plugins require.
 */
final class SystemBundleApi {

  static final String SYMBOLIC_NAME = "gateway.api";

  private final Path source;
  private final String exports;
  private final String capabilities;
  private final Set<String> packages;

  private SystemBundleApi(Path source, String exports, String capabilities) {
    this.source = source;
    this.exports = exports;
    this.capabilities = capabilities;
    this.packages = Set.copyOf(packageNames(exports));
  }

  /** Reads the manifest of the jar (or folder) the API classes of this class path come from. */
  static SystemBundleApi fromClassPath() {
    Path source;
    try {
      source = Path.of(Tool.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the gateway.api classes on the class path", e);
    }
    Manifest manifest = manifest(source);
    Attributes main = manifest.getMainAttributes();
    String name = String.valueOf(main.getValue(Constants.BUNDLE_SYMBOLICNAME)).split(";", 2)[0].trim();
    if (!SYMBOLIC_NAME.equals(name) || main.getValue(Constants.EXPORT_PACKAGE) == null) {
      throw new IllegalStateException(source + " holds the API classes but is not the gateway.api bundle (Bundle-SymbolicName "
          + name + "): put the bundle built by the reactor on the test class path");
    }
    return new SystemBundleApi(source, main.getValue(Constants.EXPORT_PACKAGE), main.getValue(Constants.PROVIDE_CAPABILITY));
  }

  /** Adds the framework properties that make the system bundle export the API. */
  void configure(Map<String, String> properties) {
    properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, exports);
    if (capabilities != null) {
      properties.put(Constants.FRAMEWORK_SYSTEMCAPABILITIES_EXTRA, capabilities);
    }
  }

  /** Whether {@code type} is one of the API classes the system bundle stands in for. */
  boolean owns(Class<?> type) {
    return type.getClassLoader() == Tool.class.getClassLoader() && packages.contains(type.getPackageName());
  }

  Path source() {
    return source;
  }

  private static Manifest manifest(Path source) {
    try {
      if (Files.isDirectory(source)) {
        try (InputStream in = Files.newInputStream(source.resolve(JarFile.MANIFEST_NAME))) {
          return new Manifest(in);
        }
      }
      try (JarFile jar = new JarFile(source.toFile())) {
        Manifest manifest = jar.getManifest();
        if (manifest == null) {
          throw new IllegalStateException(source + " has no manifest");
        }
        return manifest;
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the manifest of " + source, e);
    }
  }

  /** The package names of an Export-Package header: each clause's leading names, up to its first attribute. */
  static List<String> packageNames(String header) {
    List<String> names = new ArrayList<>();
    for (String clause : split(header, ',')) {
      for (String part : split(clause, ';')) {
        if (part.contains("=")) {
          break;
        }
        names.add(part.strip());
      }
    }
    return names;
  }

  /** Splits on {@code separator} outside double quotes (OSGi Core 3.2.4, common header syntax). */
  private static List<String> split(String text, char separator) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (char c : text.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == separator && !quoted) {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(c);
      }
    }
    parts.add(part.toString());
    return parts;
  }
}
