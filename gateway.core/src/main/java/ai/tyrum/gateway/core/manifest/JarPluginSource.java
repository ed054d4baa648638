package ai.tyrum.gateway.core.manifest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Set;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/**
 * Reads a plugin jar that is not installed, from its bytes, with caps on entry count and inflated size.
 * A jar that could show the gateway one thing and the framework another is refused outright: duplicate
 * entry names, and entries whose local headers disagree with the central directory the framework reads.
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
    agreesWithCentralDirectory(jar, entries);
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

  /**
   * The framework reads an installed jar through its central directory, this class through its entries'
   * local headers: refuse a jar where the two say different things, so that what was checked is what
   * runs.
   */
  private static void agreesWithCentralDirectory(byte[] jar, Map<String, byte[]> entries) {
    Path file = null;
    try {
      file = Files.createTempFile("tyrum-inspect-", ".jar");
      Files.write(file, jar);
      Set<String> seen = new HashSet<>();
      try (ZipFile zip = new ZipFile(file.toFile())) {
        Enumeration<? extends ZipEntry> all = zip.entries();
        while (all.hasMoreElements()) {
          ZipEntry entry = all.nextElement();
          if (entry.isDirectory()) {
            continue;
          }
          String name = entry.getName();
          byte[] local = entries.get(name);
          if (local == null || !seen.add(name)) {
            throw invalid("the jar's central directory lists " + name + " where its entries do not (once)");
          }
          byte[] central;
          try (InputStream in = zip.getInputStream(entry)) {
            central = Bounded.readAll(in, MAX_ENTRY, "entry " + name);
          }
          if (!Arrays.equals(local, central)) {
            throw invalid("the jar's central directory and its entries disagree about " + name);
          }
        }
      }
      if (seen.size() != entries.size()) {
        throw invalid("the jar has entries its central directory does not list");
      }
    } catch (IOException e) {
      throw invalid("the jar's central directory cannot be read: " + e.getMessage());
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a temp file left behind holds a copy of a jar the operator already has
        }
      }
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
