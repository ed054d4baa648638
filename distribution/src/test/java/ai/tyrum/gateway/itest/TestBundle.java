package ai.tyrum.gateway.itest;

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
import org.osgi.framework.Constants;

/**
 * A bundle built in memory from manifest headers and entries, for tests that need a jar no module builds:
 * a plugin whose services the test registers itself, or a manifest shaped to be refused. Install it with
 * {@link GatewayFramework#install(TestBundle)}.
 */
public final class TestBundle {

  private final String symbolicName;
  private final String version;
  private final Map<String, String> headers = new LinkedHashMap<>();
  private final Map<String, byte[]> entries = new LinkedHashMap<>();

  private TestBundle(String symbolicName, String version) {
    this.symbolicName = symbolicName;
    this.version = version;
    headers.put(Constants.BUNDLE_MANIFESTVERSION, "2");
    headers.put(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
    headers.put(Constants.BUNDLE_VERSION, version);
  }

  /** A bundle with only its identity headers. */
  public static TestBundle of(String symbolicName, String version) {
    return new TestBundle(symbolicName, version);
  }

  /** Sets header {@code name}, replacing any value it had; a null value removes it. */
  public TestBundle header(String name, String value) {
    if (value == null) {
      headers.remove(name);
    } else {
      headers.put(name, value);
    }
    return this;
  }

  /** Adds or replaces entry {@code path} with UTF-8 {@code text}. */
  public TestBundle entry(String path, String text) {
    return entry(path, text.getBytes(StandardCharsets.UTF_8));
  }

  public TestBundle entry(String path, byte[] bytes) {
    entries.put(path, bytes.clone());
    return this;
  }

  public String symbolicName() {
    return symbolicName;
  }

  /** The location {@link GatewayFramework#install(TestBundle)} installs it at. */
  public String location() {
    return "test:" + symbolicName + "@" + version;
  }

  /** The jar: the manifest first, as {@code JarInputStream} and the framework expect it, then the entries in order. */
  public byte[] toJar() {
    Manifest manifest = new Manifest();
    Attributes main = manifest.getMainAttributes();
    main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
    headers.forEach((name, value) -> main.put(new Attributes.Name(name), value));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        jar.putNextEntry(new JarEntry(entry.getKey()));
        jar.write(entry.getValue());
        jar.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + symbolicName + " in memory", e);
    }
    return bytes.toByteArray();
  }
}
