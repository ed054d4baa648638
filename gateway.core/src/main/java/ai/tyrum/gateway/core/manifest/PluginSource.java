package ai.tyrum.gateway.core.manifest;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the validator reads of a plugin: its manifest headers, capabilities and requirements, and the
 * bytes of entries in its jar. Implemented for an installed bundle (through its revision, without
 * resolving it) and for jar bytes not yet installed.
 */
public interface PluginSource {

  /** A manifest header's raw value. */
  Optional<String> header(String name);

  /** The capabilities declared in {@code namespace}, each as its attributes. */
  List<Map<String, Object>> capabilities(String namespace);

  /** The requirements declared in {@code namespace}, each as its directives (filter, resolution). */
  List<Map<String, String>> requirementDirectives(String namespace);

  /**
   * The bytes of the entry at {@code path}, or empty when the jar has no such entry.
   *
   * @throws IOException when the entry cannot be read or is larger than {@code maxBytes}
   */
  Optional<byte[]> entry(String path, int maxBytes) throws IOException;
}
