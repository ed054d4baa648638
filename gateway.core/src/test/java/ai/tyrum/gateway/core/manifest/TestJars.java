package ai.tyrum.gateway.core.manifest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds plugin jars in memory, header by header, so that each test names exactly what it breaks. */
final class TestJars {

  static final String SCHEMA =
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
          + "\"properties\":{\"text\":{\"type\":\"string\"}},\"additionalProperties\":false}";

  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, String> entries = new LinkedHashMap<>();

  /** A valid plugin {@code echo} with one tool, one command, one route. */
  static TestJars echo() {
    TestJars jar = new TestJars();
    jar.header("Bundle-ManifestVersion", "2")
        .header("Bundle-SymbolicName", "ai.tyrum.plugin.echo")
        .header("Bundle-Version", "1.0.0")
        .header("Import-Package", "ai.tyrum.gateway.api;version=\"[1.0,2)\"")
        .header(
            "Provide-Capability",
            "tyrum.plugin;tyrum.plugin=echo;name=Echo;config.schema=\"schemas/config.json\","
                + "tyrum.tool;tyrum.tool=echo;plugin=echo;effect=read_only;input.schema=\"schemas/in.json\";"
                + "output.schema=\"schemas/out.json\";description=\"Echoes\","
                + "tyrum.command;tyrum.command=echo;plugin=echo;effect=read_only;description=\"Echoes\","
                + "tyrum.route;tyrum.route=ping;plugin=echo;methods:List<String>=\"GET\";scope=operator.read")
        .header(
            "Require-Capability",
            "osgi.extender;filter:=\"(&(osgi.extender=tyrum.plugin)(version>=1.0.0)(!(version>=2.0.0)))\","
                + "tyrum.gateway;filter:=\"(&(tyrum.gateway=api)(version>=1.0)(!(version>=2.0)))\"")
        .entry("schemas/config.json", SCHEMA)
        .entry("schemas/in.json", SCHEMA)
        .entry("schemas/out.json", SCHEMA);
    return jar;
  }

  TestJars header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  TestJars replaceInHeader(String name, String from, String to) {
    String value = headers.get(name);
    if (value == null || !value.contains(from)) {
      throw new IllegalArgumentException(name + " has no " + from);
    }
    headers.put(name, value.replace(from, to));
    return this;
  }

  TestJars entry(String path, String content) {
    entries.put(path, content);
    return this;
  }

  TestJars without(String path) {
    entries.remove(path);
    return this;
  }

  byte[] bytes() {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    headers.forEach((k, v) -> main.put(new Attributes.Name(k), v));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(out, manifest)) {
      for (Map.Entry<String, String> e : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(e.getKey()));
        jar.write(e.getValue().getBytes(StandardCharsets.UTF_8));
        jar.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
