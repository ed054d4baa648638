package ai.tyrum.gateway.benchmarks.scale;

import ai.tyrum.bench.scale.ScaleTool;
import ai.tyrum.gateway.benchmarks.Directories;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * The folders of one size: its generated catalog, the template data dir its first start filled, and the
 * copies each measure runs on. A template is reused by a later invocation only when its size, the
 * distribution and the generated plugins' class are those it was made from.
 *
 * <pre>
 * size-N/catalog/       ScalePlugins' output: plugins/*.jar, index.xml(.sig), keys/ID.pub (none for N = 0)
 * size-N/template/      the data dir of the first start, which installed everything
 * size-N/template.properties   what the template was made from, and its bootstrap token
 * size-N/gateway/ bare/ in-process/ empty/   the copies and fresh dirs the measures run on
 * </pre>
 */
final class ScaleWork {
  /** The extra plugin installed into a full and an empty gateway; its number is past any size. */
  static final int EXTRA = 9999;

  private final Path dir;
  private final int size;
  private final String fingerprint;

  ScaleWork(Path root, int size, Path home) throws IOException {
    this.dir = root.resolve("size-" + size);
    this.size = size;
    this.fingerprint = fingerprint(size, home);
  }

  int size() {
    return size;
  }

  Path template() {
    return dir.resolve("template");
  }

  Path scratch(String name) {
    return dir.resolve(name);
  }

  /** The scale catalog's plugin folder, for bare Felix; empty for size 0. */
  Optional<Path> catalogPlugins() {
    return size == 0 ? Optional.empty() : Optional.of(dir.resolve("catalog/plugins"));
  }

  /** The bootstrap token of a template a previous invocation made from the same inputs. */
  Optional<String> reusableToken() throws IOException {
    Path file = dir.resolve("template.properties");
    if (!Files.isRegularFile(file) || !Files.isDirectory(template())) {
      return Optional.empty();
    }
    Properties properties = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      properties.load(in);
    }
    return fingerprint.equals(properties.getProperty("fingerprint"))
        ? Optional.ofNullable(properties.getProperty("token")) : Optional.empty();
  }

  /**
   * Starts over: generates the catalog and a data dir (mode 700) whose first start installs the bundled
   * examples and every generated plugin through the verified pipeline.
   */
  void prepareTemplate() throws IOException {
    Directories.delete(dir);
    Directories.createPrivate(dir);
    StringBuilder sources = new StringBuilder("{\"sources\":[{\"name\":\"bundled\",\"url\":\"file:///nonexistent/index.xml\",\"keys\":[]}");
    Path data = Directories.createPrivate(template());
    if (size > 0) {
      ScalePlugins.Catalog catalog = ScalePlugins.write(dir.resolve("catalog"), size);
      sources.append(',').append(catalog.sourceJson());
      trust(data, catalog);
    }
    writeSources(data, sources.append("]}").toString());
  }

  /** Records that the template is complete, so that a later invocation may reuse it. */
  void keepTemplate(String token) throws IOException {
    Properties properties = new Properties();
    properties.setProperty("fingerprint", fingerprint);
    properties.setProperty("token", token);
    Path file = dir.resolve("template.properties");
    try (OutputStream out = Files.newOutputStream(file)) {
      properties.store(out, "scale benchmark template of size " + size);
    }
  }

  /** A fresh copy of the template, without its framework cache unless {@code withCache}. */
  Path copyTemplate(String name, boolean withCache) throws IOException {
    Path copy = scratch(name);
    Directories.delete(copy);
    Directories.copy(template(), copy, path -> !withCache && path.startsWith("felix-cache"));
    return copy;
  }

  /** A fresh empty private dir. */
  Path freshDir(String name) throws IOException {
    Path fresh = scratch(name);
    Directories.delete(fresh);
    return Directories.createPrivate(fresh);
  }

  /** Adds {@code extra} to the sources of a copy of the template, with its key. */
  void addSource(Path data, ScalePlugins.Catalog extra, String name) throws IOException {
    List<String> sources = new ArrayList<>();
    sources.add("{\"name\":\"bundled\",\"url\":\"file:///nonexistent/index.xml\",\"keys\":[]}");
    if (size > 0) {
      ScalePlugins.Catalog scale = catalog();
      sources.add(scale.sourceJson());
    }
    sources.add(sourceJson(extra, name));
    trust(data, extra);
    writeSources(data, "{\"sources\":[" + String.join(",", sources) + "]}");
  }

  /** A data dir whose one source is {@code extra}: a gateway that will hold no plugin but what it installs. */
  static void onlySource(Path data, ScalePlugins.Catalog extra, String name) throws IOException {
    trust(data, extra);
    writeSources(data, "{\"sources\":[" + sourceJson(extra, name) + "]}");
  }

  /** The generated catalog, read back from its folder. */
  private ScalePlugins.Catalog catalog() throws IOException {
    Path catalogDir = dir.resolve("catalog");
    try (Stream<Path> keys = Files.list(catalogDir.resolve("keys"))) {
      Path key = keys.filter(p -> p.getFileName().toString().endsWith(".pub")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no key in " + catalogDir.resolve("keys")));
      String keyId = key.getFileName().toString().replace(".pub", "");
      return new ScalePlugins.Catalog(catalogDir, IntStream.range(0, size).mapToObj(ScalePlugins::id).toList(), keyId,
          Files.readString(key));
    }
  }

  /** A sources.json entry for a catalog under another name than ScalePlugins gives every catalog. */
  private static String sourceJson(ScalePlugins.Catalog catalog, String name) {
    return "{\"name\":\"" + name + "\",\"url\":\"" + catalog.index().toUri() + "\",\"keys\":[\"" + catalog.keyId() + "\"]}";
  }

  private static void trust(Path data, ScalePlugins.Catalog catalog) throws IOException {
    Path keys = data.resolve("marketplace/keys");
    if (!Files.isDirectory(keys)) {
      Directories.createPrivate(keys);
    }
    Files.writeString(keys.resolve(catalog.keyId() + ".pub"), catalog.publicKeyPem());
  }

  private static void writeSources(Path data, String json) throws IOException {
    Path marketplace = data.resolve("marketplace");
    if (!Files.isDirectory(marketplace)) {
      Directories.createPrivate(marketplace);
    }
    Files.writeString(marketplace.resolve("sources.json"), json);
  }

  /** The size, the distribution's bundles and catalog (names, sizes, times) and the generated plugins' class. */
  private static String fingerprint(int size, Path home) throws IOException {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(("size " + size + "\n").getBytes(StandardCharsets.UTF_8));
      for (String folder : List.of("bundles", "catalog", "lib")) {
        try (Stream<Path> files = Files.walk(home.resolve(folder))) {
          for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
            digest.update((home.relativize(file) + " " + Files.size(file) + " " + Files.getLastModifiedTime(file) + "\n")
                .getBytes(StandardCharsets.UTF_8));
          }
        }
      }
      try (InputStream tool = ScaleTool.class.getResourceAsStream(ScaleTool.class.getSimpleName() + ".class")) {
        digest.update(tool.readAllBytes());
      }
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
