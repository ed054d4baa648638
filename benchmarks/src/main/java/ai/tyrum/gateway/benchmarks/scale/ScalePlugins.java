package ai.tyrum.gateway.benchmarks.scale;

import ai.tyrum.bench.scale.ScaleTool;
import ai.tyrum.gateway.lib.catalog.CatalogKeys;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Generates plugins for the scale benchmark, and a signed catalog that offers them (DESIGN sections 3 and 5).
 *
 * <p>Plugin {@code scale-NNNN} is bundle {@code ai.tyrum.bench.scale.pNNNN} 1.0.0 with ten {@code read_only}
 * tools {@code t00}..{@code t09}, each a DS component of {@link ScaleTool} whose input and output schemas are
 * about 1.6 and 1.0 KiB of JSON Schema 2020-12 (nested objects, enums, bounds, patterns and descriptions, as a
 * search or lookup tool of a real catalogue has), different in every tool so that nothing can be shared by
 * content. The manifest is what bnd writes from the API's annotations for such a plugin; the catalog is an
 * OSGi Repository index in bnd's format, signed with an Ed25519 key made for the run.
 *
 * <pre>{@code
 * ScalePlugins.Catalog catalog = ScalePlugins.write(dir, 1000);  // plugins/*.jar, index.xml(.sig), keys/ID.pub
 * catalog.sourceJson();                                         // the sources.json entry that trusts it
 * }</pre>
 *
 * Usage as a program: {@code ScalePlugins --out DIR --plugins N}.
 */
public final class ScalePlugins {
  public static final int TOOLS_PER_PLUGIN = 10;
  /** Catalog source name of the generated plugins. */
  public static final String SOURCE = "scale";

  private static final String TOOL_CLASS = ScaleTool.class.getName();
  private static final String TOOL_CLASS_ENTRY = TOOL_CLASS.replace('.', '/') + ".class";
  // All entries carry one timestamp, as the reactor's reproducible builds do: the same N gives the same jars.
  private static final long ENTRY_TIME = 1_767_225_600_000L;

  private ScalePlugins() {}

  /** The catalog written in a folder: its index, signature and key. */
  public record Catalog(Path dir, List<String> ids, String keyId, String publicKeyPem) {

    public Path index() {
      return dir.resolve("index.xml");
    }

    public Path plugin(String id) {
      return dir.resolve("plugins").resolve(id + "-1.0.0.jar");
    }

    /** A {@code sources.json} entry naming this catalog and trusting its key. */
    public String sourceJson() {
      return "{\"name\":\"" + SOURCE + "\",\"url\":\"" + index().toUri() + "\",\"keys\":[\"" + keyId + "\"]}";
    }
  }

  public static void main(String[] args) throws IOException {
    Path out = null;
    int plugins = 0;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[i + 1]);
        case "--plugins" -> plugins = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: ScalePlugins --out DIR --plugins N");
      }
    }
    if (out == null || plugins < 1) {
      throw new IllegalArgumentException("usage: ScalePlugins --out DIR --plugins N (N at least 1)");
    }
    Catalog catalog = write(out, plugins);
    System.out.println("wrote " + plugins + " plugins and a signed catalog (key " + catalog.keyId() + ") to " + out.toAbsolutePath());
  }

  /** Writes {@code count} plugins into {@code dir/plugins/} and a catalog of them signed with a new key. */
  public static Catalog write(Path dir, int count) throws IOException {
    return write(dir, 0, count);
  }

  /** Writes plugins {@code first}..{@code first + count - 1} and a catalog of them signed with a new key. */
  public static Catalog write(Path dir, int first, int count) throws IOException {
    Path plugins = Files.createDirectories(dir.resolve("plugins"));
    byte[] toolClass = toolClass();
    List<String> ids = new ArrayList<>();
    StringBuilder index = new StringBuilder("<?xml version='1.0' encoding='UTF-8'?>\n"
        + "<repository xmlns=\"http://www.osgi.org/xmlns/repository/v1.0.0\" name=\"" + SOURCE + "\">\n");
    for (int n = first; n < first + count; n++) {
      String id = id(n);
      byte[] jar = jar(n, toolClass);
      Files.write(plugins.resolve(id + "-1.0.0.jar"), jar);
      index.append(resource(n, jar));
      ids.add(id);
    }
    byte[] xml = index.append("</repository>\n").toString().getBytes(StandardCharsets.UTF_8);
    KeyPair key = CatalogKeys.generate();
    Files.write(dir.resolve("index.xml"), xml);
    Files.writeString(dir.resolve("index.xml.sig"), CatalogKeys.sign(key.getPrivate(), xml));
    String keyId = CatalogKeys.keyId(key.getPublic());
    String pem = CatalogKeys.publicKeyPem(key.getPublic());
    Files.writeString(Files.createDirectories(dir.resolve("keys")).resolve(keyId + ".pub"), pem);
    return new Catalog(dir, ids, keyId, pem);
  }

  public static String id(int n) {
    return String.format(Locale.ROOT, "scale-%04d", n);
  }

  static String bundle(int n) {
    return String.format(Locale.ROOT, "ai.tyrum.bench.scale.p%04d", n);
  }

  static String tool(int t) {
    return String.format(Locale.ROOT, "t%02d", t);
  }

  /** The plugin jar: manifest first, then the DS descriptors, the schemas and the tool class. */
  static byte[] jar(int n, byte[] toolClass) throws IOException {
    String id = id(n);
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    main.putValue("Bundle-ManifestVersion", "2");
    main.putValue("Bundle-SymbolicName", bundle(n));
    main.putValue("Bundle-Version", "1.0.0");
    main.putValue("Bundle-Name", "Scale " + n);
    main.putValue("Import-Package", "ai.tyrum.gateway.api;version=\"[1.0,2)\"");
    main.putValue("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=osgi.component)(version>=1.5.0)(!(version>=2.0.0)))\","
        + "osgi.extender;filter:=\"(&(osgi.extender=tyrum.plugin)(version>=1.0.0)(!(version>=2.0.0)))\","
        + "tyrum.gateway;filter:=\"(&(tyrum.gateway=api)(version>=1.0)(!(version>=2.0)))\","
        + "osgi.ee;filter:=\"(&(osgi.ee=JavaSE)(version=17))\"");
    StringBuilder provided = new StringBuilder("osgi.service;objectClass:List<String>=\"ai.tyrum.gateway.api.Tool\";uses:=\"ai.tyrum.gateway.api\"");
    provided.append(",tyrum.plugin;tyrum.plugin=").append(id).append(";name=\"Scale ").append(n)
        .append("\";description=\"Generated plugin ").append(n).append(" of the scale benchmark.\";config.schema=\"schemas/config.json\"");
    List<String> components = new ArrayList<>();
    for (int t = 0; t < TOOLS_PER_PLUGIN; t++) {
      String tool = tool(t);
      provided.append(",tyrum.tool;tyrum.tool=").append(tool).append(";plugin=").append(id)
          .append(";effect=read_only;input.schema=\"schemas/").append(tool).append(".input.json\";output.schema=\"schemas/")
          .append(tool).append(".output.json\";description=\"").append(description(n, t)).append("\"");
      components.add("OSGI-INF/" + TOOL_CLASS + "." + tool + ".xml");
    }
    main.putValue("Provide-Capability", provided.toString());
    main.putValue("Service-Component", String.join(",", components));

    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      entry(jar, "META-INF/");
      jar.putNextEntry(timed(new JarEntry("META-INF/MANIFEST.MF")));
      manifest.write(jar);
      jar.closeEntry();
      entry(jar, "OSGI-INF/");
      for (int t = 0; t < TOOLS_PER_PLUGIN; t++) {
        entry(jar, components.get(t), component(n, t));
      }
      entry(jar, "schemas/");
      entry(jar, "schemas/config.json", configSchema(n));
      for (int t = 0; t < TOOLS_PER_PLUGIN; t++) {
        entry(jar, "schemas/" + tool(t) + ".input.json", inputSchema(n, t));
        entry(jar, "schemas/" + tool(t) + ".output.json", outputSchema(n, t));
      }
      String path = "";
      for (String part : TOOL_CLASS_ENTRY.substring(0, TOOL_CLASS_ENTRY.lastIndexOf('/')).split("/")) {
        path += part + "/";
        entry(jar, path);
      }
      entry(jar, TOOL_CLASS_ENTRY, toolClass);
    }
    return bytes.toByteArray();
  }

  private static String description(int n, int t) {
    return "Looks up records of kind " + tool(t) + " in the generated source " + n + ".";
  }

  static String component(int n, int t) {
    String tool = tool(t);
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"" + TOOL_CLASS + "." + tool + "\" activate=\"activate\">\n"
        + "  <property name=\"tyrum.tool.plugin\" type=\"String\" value=\"" + id(n) + "\"/>\n"
        + "  <property name=\"tyrum.tool.name\" type=\"String\" value=\"" + tool + "\"/>\n"
        + "  <property name=\"tyrum.tool.effect\" type=\"String\" value=\"read_only\"/>\n"
        + "  <property name=\"tyrum.tool.inputSchema\" type=\"String\" value=\"schemas/" + tool + ".input.json\"/>\n"
        + "  <property name=\"tyrum.tool.outputSchema\" type=\"String\" value=\"schemas/" + tool + ".output.json\"/>\n"
        + "  <property name=\"tyrum.tool.description\" type=\"String\" value=\"" + description(n, t) + "\"/>\n"
        + "  <service>\n    <provide interface=\"ai.tyrum.gateway.api.Tool\"/>\n  </service>\n"
        + "  <implementation class=\"" + TOOL_CLASS + "\"/>\n"
        + "</scr:component>\n";
  }

  /** About 1.6 KiB: a required query, bounds, an enum, a nested filter object and options; one field named per tool. */
  static String inputSchema(int n, int t) {
    String field = "kind_" + tool(t) + "_ref";
    return """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "%1$s input of plugin %2$d",
          "type": "object",
          "properties": {
            "query": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "Free text to look for in %1$s records."},
            "limit": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20, "description": "How many records to return."},
            "cursor": {"type": "string", "pattern": "^[A-Za-z0-9_-]{0,128}$", "description": "Where the previous page ended."},
            "mode": {"type": "string", "enum": ["exact", "prefix", "fuzzy"], "default": "prefix"},
            "%3$s": {"type": "string", "maxLength": 64, "description": "An identifier of kind %1$s to start from."},
            "filters": {
              "type": "object",
              "properties": {
                "tags": {"type": "array", "items": {"type": "string", "maxLength": 40}, "maxItems": 20, "uniqueItems": true},
                "since": {"type": "string", "format": "date-time"},
                "owner": {"type": "string", "maxLength": 120},
                "score_at_least": {"type": "number", "minimum": 0, "maximum": 1}
              },
              "additionalProperties": false
            },
            "options": {
              "type": "object",
              "properties": {
                "include_archived": {"type": "boolean", "default": false},
                "sort": {"type": "string", "enum": ["relevance", "newest", "oldest"]},
                "fields": {"type": "array", "items": {"type": "string", "enum": ["id", "title", "score", "body", "owner"]}}
              },
              "additionalProperties": false
            }
          },
          "required": ["query"],
          "additionalProperties": false
        }
        """.formatted(tool(t), n, field);
  }

  /** About 1.0 KiB: the answer's text, the tool that answered, scored items and the next page. */
  static String outputSchema(int n, int t) {
    return """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "%1$s output of plugin %2$d",
          "type": "object",
          "properties": {
            "text": {"type": "string"},
            "tool": {"type": "string", "const": "%1$s"},
            "items": {
              "type": "array",
              "maxItems": 100,
              "items": {
                "type": "object",
                "properties": {
                  "id": {"type": "string", "maxLength": 64},
                  "title": {"type": "string"},
                  "score": {"type": "number", "minimum": 0, "maximum": 1},
                  "owner": {"type": "string"}
                },
                "required": ["id", "title"],
                "additionalProperties": false
              }
            },
            "next_cursor": {"type": "string"}
          },
          "required": ["text", "tool", "items"],
          "additionalProperties": false
        }
        """.formatted(tool(t), n);
  }

  /** A plugin's config: an endpoint, limits and a write-only key, as an integration plugin has. */
  static String configSchema(int n) {
    return """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "title": "Configuration of plugin %d",
          "type": "object",
          "properties": {
            "endpoint": {"type": "string", "format": "uri", "description": "Where the records are read from."},
            "timeout_ms": {"type": "integer", "minimum": 100, "maximum": 60000, "default": 5000},
            "region": {"type": "string", "enum": ["eu", "us", "ap"]},
            "api_key": {"type": "string", "writeOnly": true, "description": "Sent with every request; never shown."}
          }
        }
        """.formatted(n);
  }

  private static String resource(int n, byte[] jar) {
    String id = id(n);
    StringBuilder xml = new StringBuilder("  <resource>\n");
    capability(xml, "osgi.identity", "osgi.identity", bundle(n), "", "type", "osgi.bundle", "", "version", "1.0.0", "Version");
    capability(xml, "osgi.content", "osgi.content", sha256(jar), "", "url", "plugins/" + id + "-1.0.0.jar", "",
        "size", String.valueOf(jar.length), "Long", "mime", "application/vnd.osgi.bundle", "");
    capability(xml, "tyrum.plugin", "tyrum.plugin", id, "", "name", "Scale " + n, "",
        "description", "Generated plugin " + n + " of the scale benchmark.", "", "config.schema", "schemas/config.json", "");
    for (int t = 0; t < TOOLS_PER_PLUGIN; t++) {
      String tool = tool(t);
      capability(xml, "tyrum.tool", "tyrum.tool", tool, "", "plugin", id, "", "effect", "read_only", "",
          "input.schema", "schemas/" + tool + ".input.json", "", "output.schema", "schemas/" + tool + ".output.json", "",
          "description", description(n, t), "");
    }
    return xml.append("  </resource>\n").toString();
  }

  /** One capability element; {@code attributes} are name, value, type triples. */
  private static void capability(StringBuilder xml, String namespace, String... attributes) {
    xml.append("    <capability namespace=\"").append(namespace).append("\">\n");
    for (int i = 0; i < attributes.length; i += 3) {
      xml.append("      <attribute name=\"").append(escape(attributes[i])).append("\" value=\"").append(escape(attributes[i + 1])).append('"');
      if (!attributes[i + 2].isEmpty()) {
        xml.append(" type=\"").append(attributes[i + 2]).append('"');
      }
      xml.append("/>\n");
    }
    xml.append("    </capability>\n");
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

  private static byte[] toolClass() {
    try (InputStream in = ScalePlugins.class.getClassLoader().getResourceAsStream(TOOL_CLASS_ENTRY)) {
      if (in == null) {
        throw new IllegalStateException(TOOL_CLASS_ENTRY + " is not on the class path: build the benchmarks module first");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JarEntry timed(JarEntry entry) {
    entry.setTime(ENTRY_TIME);
    return entry;
  }

  private static void entry(JarOutputStream jar, String name) throws IOException {
    jar.putNextEntry(timed(new JarEntry(name)));
    jar.closeEntry();
  }

  private static void entry(JarOutputStream jar, String name, String text) throws IOException {
    entry(jar, name, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void entry(JarOutputStream jar, String name, byte[] bytes) throws IOException {
    jar.putNextEntry(timed(new JarEntry(name)));
    jar.write(bytes);
    jar.closeEntry();
  }
}
