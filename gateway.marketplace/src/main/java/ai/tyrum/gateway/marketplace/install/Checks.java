package ai.tyrum.gateway.marketplace.install;

import ai.tyrum.gateway.marketplace.store.PluginStore;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginInspector;
import ai.tyrum.gateway.spi.PluginInspector.PluginRefusedException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks of the pipeline that need no state (DESIGN section 5, in its order): the bytes read once
 * and bounded, their size and digest against what the source states, then the jar and its manifest
 * through {@link PluginInspector} (the same checks the extender applies), then the tool contracts.
 */
final class Checks {

  /** No plugin jar is larger; a larger file is refused before it is read. */
  static final long MAX_JAR = 64L * 1024 * 1024;

  private final PluginInspector inspector;

  Checks(PluginInspector inspector) {
    this.inspector = inspector;
  }

  /**
   * Reads a local jar once, bounded.
   *
   * @throws Refusal {@code no_such_file}, {@code not_a_file} or {@code jar_too_large}
   */
  static byte[] read(Path jar) {
    try {
      if (!Files.isRegularFile(jar)) {
        throw Files.exists(jar)
            ? new Refusal("not_a_file", 422, jar + " is not a regular file", List.of("name a plugin jar"))
            : new Refusal("no_such_file", 404, "there is no file " + jar, List.of("check the path; it is read by the gateway's process"));
      }
      try (InputStream in = Files.newInputStream(jar)) {
        byte[] bytes = in.readNBytes((int) MAX_JAR + 1);
        if (bytes.length > MAX_JAR) {
          throw new Refusal("jar_too_large", 422, jar + " is larger than " + MAX_JAR + " bytes", List.of("no plugin jar may be larger"));
        }
        return bytes;
      }
    } catch (NoSuchFileException e) {
      throw new Refusal("no_such_file", 404, "there is no file " + jar, List.of());
    } catch (IOException e) {
      throw new Refusal("unreadable_file", 422, "cannot read " + jar + ": " + e.getMessage(), List.of());
    }
  }

  /**
   * Checks {@code bytes} against the size and digest their source states (either may be unknown),
   * then the jar, its manifest and its schemas.
   *
   * @throws Refusal with the reason of the first check that fails
   */
  Verified verify(byte[] bytes, Optional<Long> size, Optional<String> sha256) {
    if (size.isPresent() && size.get() != bytes.length) {
      throw new Refusal("size_mismatch", 422, "the jar has " + bytes.length + " bytes, its source states " + size.get(),
          List.of("the bytes are not the ones the catalog lists: refresh the catalog, or report it to its publisher"));
    }
    String digest = PluginStore.sha256(bytes);
    if (sha256.isPresent() && !sha256.get().equalsIgnoreCase(digest)) {
      throw new Refusal("integrity_mismatch", 422, "the jar's SHA-256 is " + digest + ", its source states " + sha256.get().toLowerCase(),
          List.of("the bytes are not the ones expected: do not install them"));
    }
    Map<String, Object> manifest;
    try {
      manifest = inspector.inspect(bytes);
    } catch (PluginRefusedException e) {
      throw new Refusal(e.reason(), 422, "the plugin is refused: " + e.reason(), e.details());
    }
    Map<String, String> contracts;
    try {
      contracts = Contracts.of(manifest, bytes);
    } catch (IOException | RuntimeException e) {
      throw new Refusal("invalid_schema", 422, "cannot read the tools' schemas: " + e.getMessage(), List.of());
    }
    return new Verified(bytes, digest, manifest, requested(manifest), contracts);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> requested(Map<String, Object> manifest) {
    Map<String, String> requested = new LinkedHashMap<>();
    for (Map<String, Object> p : (List<Map<String, Object>>) manifest.getOrDefault("permissions", List.of())) {
      requested.put(LockEntry.permission(String.valueOf(p.get("permission")), String.valueOf(p.get("target"))),
          String.valueOf(p.getOrDefault("reason", "")));
    }
    return requested;
  }
}
