package ai.tyrum.gateway.core.manifest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Reads a plugin jar that is not installed, from its bytes, in one streaming pass with caps on entry
 * count and inflated size. Duplicate entry names are refused outright: a jar that says two things
 * about one path could show the gateway one manifest and the framework another.
 */
public final class JarPluginSource implements PluginSource {

  static final int MAX_ENTRIES = 20_000;
  static final long MAX_INFLATED = 128L * 1024 * 1024;
  static final int MAX_ENTRY = 16 * 1024 * 1024;

  private final Map<String, byte[]> entries;
  private final Attributes headers;
  private final Map<String, List<HeaderParser.Clause>> parsed = new HashMap<>();

  private JarPluginSource(Map<String, byte[]> entries, Attributes headers) {
    this.entries = entries;
    this.headers = headers;
  }

  /**
   * Reads {@code jar}.
   *
   * @throws ManifestException with reason {@code invalid_jar} when it is not a readable jar within the
   *     caps or has no manifest
   */
  public static JarPluginSource read(byte[] jar) {
    Map<String, byte[]> entries = new HashMap<>();
    long inflated = 0;
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(jar))) {
      ZipEntry entry;
      while ((entry = zip.getNextEntry()) != null) {
        if (entries.size() >= MAX_ENTRIES) {
          throw invalid("the jar has more than " + MAX_ENTRIES + " entries");
        }
        String name = entry.getName();
        if (entry.isDirectory()) {
          continue;
        }
        byte[] bytes = Bounded.readAll(zip, MAX_ENTRY, "entry " + name);
        inflated += bytes.length;
        if (inflated > MAX_INFLATED) {
          throw invalid("the jar inflates to more than " + MAX_INFLATED + " bytes");
        }
        if (entries.put(name, bytes) != null) {
          throw invalid("the jar holds entry " + name + " twice");
        }
      }
    } catch (IOException e) {
      throw invalid("the jar cannot be read: " + e.getMessage());
    }
    byte[] manifest = entries.get("META-INF/MANIFEST.MF");
    if (manifest == null) {
      throw invalid("the jar has no META-INF/MANIFEST.MF");
    }
    try {
      return new JarPluginSource(
          entries, new Manifest(new ByteArrayInputStream(manifest)).getMainAttributes());
    } catch (IOException e) {
      throw invalid("META-INF/MANIFEST.MF cannot be parsed: " + e.getMessage());
    }
  }

  private static ManifestException invalid(String detail) {
    return new ManifestException(List.of(new ManifestFault("invalid_jar", detail)));
  }

  @Override
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.getValue(name));
  }

  @Override
  public List<Map<String, Object>> capabilities(String namespace) {
    return clauses("Provide-Capability").stream()
        .filter(c -> c.names().contains(namespace))
        .map(HeaderParser.Clause::attributes)
        .toList();
  }

  @Override
  public List<Map<String, String>> requirementDirectives(String namespace) {
    return clauses("Require-Capability").stream()
        .filter(c -> c.names().contains(namespace))
        .map(HeaderParser.Clause::directives)
        .toList();
  }

  private List<HeaderParser.Clause> clauses(String header) {
    return parsed.computeIfAbsent(
        header, h -> header(h).map(HeaderParser::parse).orElse(List.of()));
  }

  @Override
  public Optional<byte[]> entry(String path, int maxBytes) throws IOException {
    byte[] bytes = entries.get(path);
    if (bytes != null && bytes.length > maxBytes) {
      throw new IOException(path + " is larger than " + maxBytes + " bytes");
    }
    return Optional.ofNullable(bytes);
  }
}
