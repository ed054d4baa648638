package ai.tyrum.gateway.itest.marketplace;

import ai.tyrum.gateway.lib.catalog.CatalogKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * A signed catalog made by a test (DESIGN section 5): the jars it offers copied into a folder, an OSGi
 * Repository index of them in bnd's format ({@code osgi.identity}, {@code osgi.content} with SHA-256, size
 * and a URL relative to the index, and the {@code tyrum.*} capabilities of each jar's manifest), its
 * {@code tyrum.revocation} resources, and a detached signature by a key made for the test.
 *
 * <pre>{@code
 * TestCatalog catalog = TestCatalog.in(dir, "mirror");
 * GatewayFramework gateway = catalog.trustedBy(builder).start();  // sources.json and the key in the data dir
 * catalog.offer(gateway.fixture("versioned-1.0.0")).publish();    // then plugin:search reads it again
 * }</pre>
 */
final class TestCatalog {

  private final Path dir;
  private final String name;
  private final KeyPair key = CatalogKeys.generate();
  private final List<Path> offered = new ArrayList<>();
  private final Map<Path, Long> statedSizes = new LinkedHashMap<>();
  private final List<String[]> revocations = new ArrayList<>();

  private TestCatalog(Path dir, String name) {
    this.dir = dir;
    this.name = name;
  }

  /** An empty catalog named {@code name} (its source's name in sources.json), published in {@code dir}. */
  static TestCatalog in(Path dir, String name) {
    TestCatalog catalog = new TestCatalog(dir, name);
    catalog.publish();
    return catalog;
  }

  Path index() {
    return dir.resolve("index.xml");
  }

  Path signature() {
    return dir.resolve("index.xml.sig");
  }

  String keyId() {
    return CatalogKeys.keyId(key.getPublic());
  }

  String name() {
    return name;
  }

  /** {@code marketplace/sources.json} naming this catalog and trusting its key. */
  String sourcesJson() {
    return "{\"sources\":[{\"name\":\"" + name + "\",\"url\":\"" + index().toUri() + "\",\"keys\":[\"" + keyId() + "\"]}]}";
  }

  String publicKeyPem() {
    return CatalogKeys.publicKeyPem(key.getPublic());
  }

  /** The data files of a gateway that uses this catalog as its one source and trusts its key. */
  ai.tyrum.gateway.itest.GatewayFramework.Builder trustedBy(ai.tyrum.gateway.itest.GatewayFramework.Builder builder) {
    return builder.dataFile("marketplace/sources.json", sourcesJson())
        .dataFile("marketplace/keys/" + keyId() + ".pub", publicKeyPem());
  }

  /** Copies {@code jar} into the catalog's plugins/ and lists it at the next {@link #publish()}. */
  TestCatalog offer(Path jar) {
    try {
      Path plugins = Files.createDirectories(dir.resolve("plugins"));
      offered.add(Files.copy(jar, plugins.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** The copy the catalog serves of {@code jar}, to tamper with after publishing. */
  Path served(Path jar) {
    return dir.resolve("plugins").resolve(jar.getFileName());
  }

  /** States {@code size} instead of the real size of the copy of {@code jar} at the next publish. */
  TestCatalog stateSize(Path jar, long size) {
    statedSizes.put(served(jar), size);
    return this;
  }

  TestCatalog revoke(String plugin, String version, String reason) {
    revocations.add(new String[] {plugin, version, reason});
    return this;
  }

  /** Writes index.xml for what is offered and revoked, and signs it with the catalog's key. */
  TestCatalog publish() {
    return publish(key);
  }

  /** Writes index.xml for what is offered and revoked, and signs it with {@code signer}. */
  TestCatalog publish(KeyPair signer) {
    byte[] xml = indexXml().getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(dir);
      Files.write(index(), xml);
      Files.writeString(signature(), CatalogKeys.sign(signer.getPrivate(), xml));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  String indexXml() {
    StringBuilder xml = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>\n"
        + "<repository xmlns=\"http://www.osgi.org/xmlns/repository/v1.0.0\" name=\"" + name + "\">\n");
    for (Path jar : offered) {
      xml.append(resource(jar));
    }
    for (String[] revoked : revocations) {
      xml.append("  <resource>\n    <capability namespace=\"tyrum.revocation\">\n")
          .append(attribute("plugin", revoked[0], ""))
          .append(attribute("version", revoked[1], "Version"))
          .append(attribute("reason", revoked[2], ""))
          .append("    </capability>\n  </resource>\n");
    }
    return xml.append("</repository>\n").toString();
  }

  private String resource(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String bsn = manifest.getMainAttributes().getValue("Bundle-SymbolicName").split(";")[0].strip();
      String version = manifest.getMainAttributes().getValue("Bundle-Version").strip();
      byte[] bytes = Files.readAllBytes(jar);
      StringBuilder xml = new StringBuilder("  <resource>\n");
      xml.append("    <capability namespace=\"osgi.identity\">\n")
          .append(attribute("osgi.identity", bsn, ""))
          .append(attribute("type", "osgi.bundle", ""))
          .append(attribute("version", version, "Version"))
          .append("    </capability>\n");
      xml.append("    <capability namespace=\"osgi.content\">\n")
          .append(attribute("osgi.content", sha256(bytes), ""))
          .append(attribute("url", "plugins/" + jar.getFileName(), ""))
          .append(attribute("size", String.valueOf(statedSizes.getOrDefault(jar, (long) bytes.length)), "Long"))
          .append(attribute("mime", "application/vnd.osgi.bundle", ""))
          .append("    </capability>\n");
      String provided = manifest.getMainAttributes().getValue("Provide-Capability");
      for (Clause clause : Clause.parse(provided == null ? "" : provided)) {
        if (!clause.namespace().startsWith("tyrum.")) {
          continue;
        }
        xml.append("    <capability namespace=\"").append(escape(clause.namespace())).append("\">\n");
        clause.attributes().forEach((attribute, typed) -> xml.append(attribute(attribute, typed[1], typed[0])));
        xml.append("    </capability>\n");
      }
      return xml.append("  </resource>\n").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String attribute(String name, String value, String type) {
    return "      <attribute name=\"" + escape(name) + "\" value=\"" + escape(value) + "\""
        + (type.isEmpty() ? "" : " type=\"" + escape(type) + "\"") + "/>\n";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One clause of an OSGi capability header: its namespace and attributes as name to {type, value}. */
  private record Clause(String namespace, Map<String, String[]> attributes) {

    static List<Clause> parse(String header) {
      List<Clause> clauses = new ArrayList<>();
      for (String text : split(header, ',')) {
        List<String> parts = split(text, ';');
        if (parts.isEmpty() || parts.get(0).isBlank()) {
          continue;
        }
        Map<String, String[]> attributes = new LinkedHashMap<>();
        for (String part : parts.subList(1, parts.size())) {
          int equals = part.indexOf('=');
          if (equals < 0 || part.charAt(equals - 1) == ':') {
            continue; // a directive (name:=value) is not an attribute
          }
          String key = part.substring(0, equals).strip();
          String value = unquote(part.substring(equals + 1).strip());
          int colon = key.indexOf(':');
          String type = colon < 0 ? "" : key.substring(colon + 1).strip();
          attributes.put(colon < 0 ? key : key.substring(0, colon).strip(), new String[] {type, value});
        }
        clauses.add(new Clause(parts.get(0).strip(), attributes));
      }
      return clauses;
    }

    /** Splits at {@code separator} outside double quotes. */
    private static List<String> split(String text, char separator) {
      List<String> parts = new ArrayList<>();
      StringBuilder part = new StringBuilder();
      boolean quoted = false;
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '\\' && quoted && i + 1 < text.length()) {
          part.append(c).append(text.charAt(++i));
        } else if (c == '"') {
          quoted = !quoted;
          part.append(c);
        } else if (c == separator && !quoted) {
          parts.add(part.toString());
          part.setLength(0);
        } else {
          part.append(c);
        }
      }
      if (!part.isEmpty()) {
        parts.add(part.toString());
      }
      return parts;
    }

    private static String unquote(String value) {
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        return value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
      }
      return value;
    }
  }
}
