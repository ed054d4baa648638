package ai.tyrum.gateway.core.manifest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;

/**
 * A plugin jar that is not installed, read from its bytes with caps on entry count and inflated size. A
 * jar that could show the gateway one thing and the framework another is refused outright (see
 * {@link JarReader}).
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
   * Reads {@code jar} with {@link JarReader}: one way, every entry inflated and counted.
   *
   * @throws ManifestException with reason {@code invalid_jar} when it is not a readable jar or has no
   *     manifest, or with the reason of the jar-level check it fails ({@code unsafe_entry_name},
   *     {@code jar_entries_disagree}, {@code duplicate_manifest}, {@code inflation_bound})
   */
  public static JarPluginSource read(byte[] jar) {
    Map<String, byte[]> entries = JarReader.read(jar, MAX_ENTRIES, MAX_INFLATED, MAX_ENTRY);
    byte[] manifest = entries.get(JarReader.MANIFEST);
    if (manifest == null) {
      throw invalid("the jar has no " + JarReader.MANIFEST);
    }
    try {
      return new JarPluginSource(
          entries, new Manifest(new ByteArrayInputStream(manifest)).getMainAttributes());
    } catch (IOException e) {
      throw invalid(JarReader.MANIFEST + " cannot be parsed: " + e.getMessage());
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
