package ai.tyrum.gateway.marketplace.catalog;

import ai.tyrum.gateway.spi.PluginOrigin;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One plugin version as a catalog offers it: a {@code resource} of the Repository index.
 *
 * @param id the plugin id ({@code tyrum.plugin} capability)
 * @param version its version
 * @param name the plugin's name
 * @param description its description, empty when none
 * @param bundle its Bundle-SymbolicName ({@code osgi.identity})
 * @param sha256 the {@code osgi.content} digest, lower-case hex
 * @param size the {@code osgi.content} size in bytes
 * @param url where the jar is, resolved against the index's URL
 * @param origin the catalog (its URL and the id of the key that signed it)
 * @param capabilities every capability of the resource: namespace, then its attributes
 * @param permissions each requested permission: {@code class}, {@code target}, {@code reason}
 * @param revoked why the catalog revoked this version; empty when it did not
 */
public record CatalogEntry(
    String id,
    String version,
    String name,
    String description,
    String bundle,
    String sha256,
    long size,
    URI url,
    PluginOrigin origin,
    List<Capability> capabilities,
    List<Map<String, String>> permissions,
    Optional<String> revoked) {

  public CatalogEntry {
    capabilities = List.copyOf(capabilities);
    permissions = List.copyOf(permissions);
  }

  /** One capability of the resource, with its typed attributes as the index states them. */
  public record Capability(String namespace, Map<String, Object> attributes) {
    public Capability {
      attributes = Map.copyOf(attributes);
    }
  }
}
