package ai.tyrum.gateway.itest;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.osgi.framework.Constants;

/**
 * The jars this module's build assembled before the integration tests run: the run set resolved from
 * cnf/gateway.bndrun ({@code target/gateway/bundles}), the example plugins ({@code target/gateway/plugins})
 * and the fixture plugins ({@code target/fixtures}). Failsafe names the folders in the system properties
 * {@code tyrum.gateway.home} and {@code tyrum.fixtures.dir}.
 */
final class Distribution {

  private final Path home;
  private final Path fixtures;

  private Distribution(Path home, Path fixtures) {
    this.home = home;
    this.fixtures = fixtures;
  }

  static Distribution fromSystemProperties() {
    Path home = Path.of(System.getProperty("tyrum.gateway.home", "target/gateway")).toAbsolutePath().normalize();
    Path fixtures = Path.of(System.getProperty("tyrum.fixtures.dir", "target/fixtures")).toAbsolutePath().normalize();
    if (!Files.isDirectory(home.resolve("bundles"))) {
      throw new IllegalStateException(home + " holds no bundles/: run the tests with `mvn verify`, which packages the"
          + " distribution before its integration tests");
    }
    return new Distribution(home, fixtures);
  }

  /** The distribution folder; its {@code etc/gosh_profile} is the headless Gogo profile. */
  Path home() {
    return home;
  }

  /** The run set, one entry per jar, sorted by file name. */
  List<RunBundle> runSet() {
    List<RunBundle> bundles = new ArrayList<>();
    for (Path jar : jars(home.resolve("bundles"))) {
      bundles.add(new RunBundle(symbolicName(jar), jar));
    }
    return bundles;
  }

  /** The example plugin {@code name}, as built by plugins/{@code name}: {@code plugin.<name>-<version>.jar}. */
  Path examplePlugin(String name) {
    return single(home.resolve("plugins"), "plugin." + name + "-");
  }

  /** The fixture plugin {@code name}, as built by plugins/fixtures/{@code name}. */
  Path fixture(String name) {
    return single(fixtures, "fixture." + name + "-");
  }

  /** A jar of the run set and its Bundle-SymbolicName. */
  record RunBundle(String symbolicName, Path jar) {}

  private static Path single(Path folder, String prefix) {
    List<Path> matches = jars(folder).stream()
        .filter(jar -> jar.getFileName().toString().startsWith(prefix))
        .filter(jar -> jar.getFileName().toString().substring(prefix.length()).matches("[0-9].*"))
        .toList();
    if (matches.size() != 1) {
      throw new IllegalArgumentException("expected one " + prefix + "<version>.jar in " + folder + ", found " + matches);
    }
    return matches.get(0);
  }

  private static List<Path> jars(Path folder) {
    List<Path> jars = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.jar")) {
      stream.forEach(jars::add);
    } catch (IOException e) {
      throw new IllegalStateException("cannot list " + folder, e);
    }
    jars.sort(null);
    return jars;
  }

  private static String symbolicName(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String bsn = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
      return bsn == null ? "" : bsn.split(";", 2)[0].trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + jar, e);
    }
  }
}
