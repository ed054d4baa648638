package ai.tyrum.gateway.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.lib.testing.FuzzTries;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.statistics.Statistics;
import org.osgi.framework.Version;

/**
 * Plugin manifests built from the capability grammar (DESIGN section 3) and then mutated, written into a
 * jar byte by byte and validated as the extender and the install pipeline do: the only failure is the
 * manifest's own refusal, with a snake_case reason, and validation never loads a class of the jar nor reads
 * one that the manifest does not name as a data file.
 */
@AddLifecycleHook(FuzzTries.class)
class ManifestFuzzTest {

  private static final ManifestValidator VALIDATOR =
      new ManifestValidator(new Schemas(), Map.of("tyrum.gateway", "api", "version", new Version(1, 0, 0)), Set::of);

  private static final String SCHEMA =
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
          + "\"properties\":{\"text\":{\"type\":\"string\"}},\"additionalProperties\":false}";

  @Property(tries = 300)
  void validationFailsOnlyWithTheManifestsOwnRefusalAndLoadsNoClass(@ForAll("hostileJars") HostileJar jar) {
    PluginSource source;
    try {
      source = JarPluginSource.read(jar.bytes());
    } catch (ManifestException refused) {
      Statistics.collect("jar refused");
      assertThat(refused.reason()).matches("[a-z][a-z0-9_]*");
      return;
    }
    RecordingSource recording = new RecordingSource(source);
    try {
      if (ManifestValidator.isPlugin(recording)) {
        VALIDATOR.validate(recording);
        Statistics.collect("accepted");
      } else {
        Statistics.collect("not a plugin");
      }
    } catch (ManifestException refused) {
      Statistics.collect("manifest refused");
      assertThat(refused.reason()).matches("[a-z][a-z0-9_]*");
      assertThat(refused.details()).isNotEmpty();
    }
    // a class file is read only as the data file a capability names (a schema), never to be loaded: the
    // class entries hold bytes no class loader accepts, so loading one would end the property in ClassFormatError
    String capabilities = source.header("Provide-Capability").orElse("");
    assertThat(recording.entriesRead).noneMatch(path -> path.endsWith(".class") && !capabilities.contains(path));
  }

  /** A {@link PluginSource} that notes every jar entry the validator asks for. */
  private static final class RecordingSource extends ForwardingSource {
    final List<String> entriesRead = new CopyOnWriteArrayList<>();

    RecordingSource(PluginSource source) {
      super(source);
    }

    @Override
    public Optional<byte[]> entry(String path, int maxBytes) throws IOException {
      entriesRead.add(path);
      return super.entry(path, maxBytes);
    }
  }

  /** A jar and, for the failure report, its manifest text and schema entries. */
  record HostileJar(String manifest, Map<String, byte[]> entries, byte[] bytes) {
    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("MANIFEST.MF:\n").append(manifest);
      entries.forEach((path, content) -> {
        String s = new String(content, StandardCharsets.ISO_8859_1);
        text.append(path).append(": ").append(s.length() > 120 ? s.substring(0, 120) + "...(" + s.length() + " bytes)" : s).append('\n');
      });
      return text.toString();
    }
  }

  @Provide
  Arbitrary<HostileJar> hostileJars() {
    return Combinators.combine(headers(), headerMutation().list().ofMaxSize(3), entries(), manifestTextMutation())
        .as((headers, mutations, entries, textMutation) -> {
          Map<String, String> mutated = new LinkedHashMap<>(headers);
          for (HeaderMutation m : mutations) {
            m.apply(mutated);
          }
          byte[] manifest = textMutation.apply(manifest(mutated));
          return new HostileJar(new String(manifest, StandardCharsets.ISO_8859_1), entries, jar(manifest, entries));
        });
  }

  private interface HeaderMutation {
    void apply(Map<String, String> headers);
  }

  private interface TextMutation {
    byte[] apply(byte[] manifest);
  }

  /** A valid plugin's headers with each part drawn from the grammar: several tools, commands, routes, permissions. */
  private Arbitrary<Map<String, String>> headers() {
    Arbitrary<String> tool =
        Combinators.combine(Arbitraries.of("echo", "add_note", "t1", "x_y"), Arbitraries.of("read_only", "state_changing"))
            .as((name, effect) -> "tyrum.tool;tyrum.tool=" + name + ";plugin=echo;effect=" + effect
                + ";input.schema=\"schemas/in.json\";output.schema=\"schemas/out.json\";description=\"A tool\"");
    Arbitrary<String> command =
        Arbitraries.of("echo", "say-hi").map(n -> "tyrum.command;tyrum.command=" + n + ";plugin=echo;effect=read_only;description=\"Says\"");
    Arbitrary<String> route =
        Combinators.combine(Arbitraries.of("ping", "a/b", "v1/items"), Arbitraries.of("GET", "GET,POST", "PUT,DELETE,PATCH"),
                Arbitraries.of("operator.read", "operator.write", "tools.invoke"))
            .as((path, methods, scope) -> "tyrum.route;tyrum.route=" + path + ";plugin=echo;methods:List<String>=\"" + methods
                + "\";scope=" + scope);
    Arbitrary<String> permission =
        Arbitraries.of("network.egress;target=\"api.example.com:443\"", "network.egress;target=\"class:web\"",
                "secrets.read;target=\"echo\"", "db;target=\"plugin\"", "fs.read;target=\"notes\"", "fs.write;target=\"out\"",
                "tools.call;target=\"plugin.other.tool\"")
            .map(p -> "tyrum.permission;tyrum.permission=" + p + ";plugin=echo;reason=\"needed\"");
    Arbitrary<String> mcp = Arbitraries.just("tyrum.mcp;tyrum.mcp=files;plugin=echo;definition=\"mcp/files.json\"");
    Arbitrary<List<String>> contributions =
        Arbitraries.oneOf(tool, command, route, permission, mcp).list().ofMaxSize(6).uniqueElements();
    return contributions.map(list -> {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put("Bundle-ManifestVersion", "2");
      headers.put("Bundle-SymbolicName", "ai.tyrum.plugin.echo");
      headers.put("Bundle-Version", "1.0.0");
      headers.put("Import-Package", "ai.tyrum.gateway.api;version=\"[1.0,2)\"");
      List<String> capabilities = new ArrayList<>();
      capabilities.add("tyrum.plugin;tyrum.plugin=echo;name=Echo;version:Version=\"1.0.0\";config.schema=\"schemas/config.json\"");
      capabilities.addAll(list);
      headers.put("Provide-Capability", String.join(",", capabilities));
      headers.put("Require-Capability",
          "osgi.extender;filter:=\"(&(osgi.extender=tyrum.plugin)(version>=1.0.0)(!(version>=2.0.0)))\","
              + "tyrum.gateway;filter:=\"(&(tyrum.gateway=api)(version>=1.0)(!(version>=2.0)))\"");
      headers.put("Service-Component", "OSGI-INF/ai.tyrum.plugin.echo.EchoTool.xml");
      return headers;
    });
  }

  private static final List<String> HEADER_NAMES =
      List.of("Provide-Capability", "Require-Capability", "Bundle-SymbolicName", "Bundle-Version", "Import-Package",
          "Service-Component", "Bundle-ClassPath", "Bundle-NativeCode", "Fragment-Host", "DynamicImport-Package",
          "Export-Package", "Bundle-Activator");

  private static final List<String> NOISE =
      List.of(";", ",", "\"", "=", ":=", ":", "\\", "\\\"", "..", "../", "/", "*", "\u0000", "\ud800", "\u00e9", " ", "\t",
          "List<", "Version", ":Long", ":Double=1e308", "=\"", "(&(", "))", "!", "tyrum.plugin", "tyrum.tool", "plugin=",
          "999999999999999999999999", "-1", "ai.tyrum.gateway.spi", "ai.tyrum.gateway.core.impl");

  private Arbitrary<HeaderMutation> headerMutation() {
    Arbitrary<String> name = Arbitraries.of(HEADER_NAMES);
    Arbitrary<String> noise = Arbitraries.oneOf(Arbitraries.of(NOISE), Arbitraries.strings().ofMaxLength(12));
    return Arbitraries.frequencyOf(
        // insert noise at some offset of a header
        Tuple.of(4, Combinators.combine(name, Arbitraries.integers().between(0, 2000), noise)
            .as((n, at, s) -> (HeaderMutation) h -> {
              String v = h.getOrDefault(n, "");
              int i = Math.min(at, v.length());
              h.put(n, v.substring(0, i) + s + v.substring(i));
            })),
        // truncate a header
        Tuple.of(3, Combinators.combine(name, Arbitraries.integers().between(0, 2000))
            .as((n, at) -> (HeaderMutation) h -> {
              String v = h.getOrDefault(n, "");
              h.put(n, v.substring(0, Math.min(at, v.length())));
            })),
        // drop a header
        Tuple.of(1, name.map(n -> (HeaderMutation) h -> h.remove(n))),
        // replace a header with a value the grammar refuses or that reaches far
        Tuple.of(2, Combinators.combine(name, Arbitraries.of(HOSTILE_VALUES)).as((n, v) -> (HeaderMutation) h -> h.put(n, v))),
        // many capabilities at once
        Tuple.of(1, Arbitraries.integers().between(100, 3000).map(count -> (HeaderMutation) h -> {
          StringBuilder many = new StringBuilder(h.getOrDefault("Provide-Capability", ""));
          for (int i = 0; i < count; i++) {
            many.append(",tyrum.tool;tyrum.tool=t").append(i).append(";plugin=echo;effect=read_only;input.schema=\"schemas/in.json\"")
                .append(";output.schema=\"schemas/out.json\"");
          }
          h.put("Provide-Capability", many.toString());
        })));
  }

  private static final List<String> HOSTILE_VALUES =
      List.of(
          "", ";", ",,,", "\"", "tyrum.plugin;tyrum.plugin=echo,tyrum.plugin;tyrum.plugin=echo",
          "tyrum.plugin;tyrum.plugin:List<String>=\"a,b\";config.schema=\"schemas/config.json\"",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"../../etc/passwd\"",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"/etc/passwd\"",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"jar:file:/x!/y\"",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"schemas/config.json\";version:Version=\"1.0.0.a.b\"",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"schemas/config.json\";version:Version=\"99999999999.0\"",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"schemas/ai/tyrum/plugin/echo/EchoTool.class\"",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"schemas/config.json\";x:Long=99999999999999999999",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"schemas/config.json\";x:Double=1e999",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"schemas/config.json\";x:List<Version>=\"1,x\"",
          "tyrum.plugin;tyrum.plugin=echo;config.schema=\"schemas/config.json\";x:Unknown=1",
          "tyrum.gateway;filter:=\"(&(tyrum.gateway=api)\"", "tyrum.gateway;filter:=\"(\"", "tyrum.gateway;filter:=\"" + "(&".repeat(2000) + "\"",
          "ai.tyrum.gateway.api;version=\"[2,1)\"", "ai.tyrum.gateway.spi", "*", "ai.tyrum.gateway.core.impl;version=1",
          "1.0.0.\u0000", "1.0", "x", "a;b;c;d", "OSGI-INF/../../x.xml", "OSGI-INF/*.xml", "ai.tyrum.plugin.echo.Activator",
          ".,lib/../../x.jar", "native.so;osname=Linux", "system.bundle", "a".repeat(70_000));

  private Arbitrary<TextMutation> manifestTextMutation() {
    return Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(bytes -> bytes)),
        Tuple.of(2, Arbitraries.integers().between(0, 4000).map(at -> (TextMutation) bytes -> java.util.Arrays.copyOf(bytes, Math.min(at, bytes.length)))),
        Tuple.of(1, Arbitraries.of(new byte[] {(byte) 0xC3, (byte) 0x28}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {0}, "\r\n \r\n".getBytes(StandardCharsets.UTF_8), "\nName: x\n".getBytes(StandardCharsets.UTF_8),
                "\r\n\r\n".getBytes(StandardCharsets.UTF_8))
            .flatMap(insert -> Arbitraries.integers().between(0, 4000).map(at -> (TextMutation) bytes -> {
              int i = Math.min(at, bytes.length);
              byte[] out = new byte[bytes.length + insert.length];
              System.arraycopy(bytes, 0, out, 0, i);
              System.arraycopy(insert, 0, out, i, insert.length);
              System.arraycopy(bytes, i, out, i + insert.length, bytes.length - i);
              return out;
            }))));
  }

  /** The jar's other entries: the schemas, sometimes broken, and class files the validator must never read. */
  private Arbitrary<Map<String, byte[]>> entries() {
    Arbitrary<String> schema = Arbitraries.oneOf(Arbitraries.just(SCHEMA), Arbitraries.of("", "{", "[]", "{\"type\":\"nope\"}",
        "{\"$ref\":\"http://example.com/x\"}", "{\"$ref\":\"#\"}", "[".repeat(5000), "{\"a\":" .repeat(3000), "1e999"));
    return Combinators.combine(schema, schema, schema).as((config, in, out) -> {
      Map<String, byte[]> entries = new LinkedHashMap<>();
      entries.put("schemas/config.json", config.getBytes(StandardCharsets.UTF_8));
      entries.put("schemas/in.json", in.getBytes(StandardCharsets.UTF_8));
      entries.put("schemas/out.json", out.getBytes(StandardCharsets.UTF_8));
      entries.put("mcp/files.json", "{\"transport\":\"stdio\",\"command\":\"files\"}".getBytes(StandardCharsets.UTF_8));
      entries.put("OSGI-INF/ai.tyrum.plugin.echo.EchoTool.xml",
          "<component name=\"x\"><implementation class=\"ai.tyrum.plugin.echo.EchoTool\"/></component>".getBytes(StandardCharsets.UTF_8));
      // not a class file at all: defining it would throw ClassFormatError
      entries.put("ai/tyrum/plugin/echo/EchoTool.class", new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 0});
      entries.put("schemas/ai/tyrum/plugin/echo/EchoTool.class", new byte[] {(byte) 0xCA, (byte) 0xFE, 0, 0});
      return entries;
    });
  }

  /** The manifest text as {@code java.util.jar} writes it: 72-byte lines, continuations start with a space. */
  private static byte[] manifest(Map<String, String> headers) {
    StringBuilder text = new StringBuilder("Manifest-Version: 1.0\r\n");
    headers.forEach((name, value) -> {
      String line = name + ": " + value;
      byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
      int start = 0;
      boolean first = true;
      while (start < bytes.length) {
        int end = Math.min(bytes.length, start + (first ? 72 : 71));
        text.append(first ? "" : " ").append(new String(bytes, start, end - start, StandardCharsets.UTF_8)).append("\r\n");
        start = end;
        first = false;
      }
    });
    return text.append("\r\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] jar(byte[] manifest, Map<String, byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
      zip.write(manifest);
      zip.closeEntry();
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
