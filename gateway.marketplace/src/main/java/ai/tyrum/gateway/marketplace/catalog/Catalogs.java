package ai.tyrum.gateway.marketplace.catalog;

import java.util.List;
import java.util.Optional;

/**
 * The plugin catalogs configured in the data dir ({@code marketplace/sources.json} and the trusted keys
 * in {@code marketplace/keys/}), each an OSGi Repository index with a detached Ed25519 signature over
 * its exact bytes (DESIGN section 5). A catalog whose signature does not verify against a trusted key is
 * refused, unless policy names its source.
 */
public interface Catalogs {

  /** Reads every source again; a source that fails is left out and recorded, the others are served. */
  void refresh();

  /** Every version of every plugin the usable catalogs offer, revoked ones included. */
  List<CatalogEntry> entries();

  /** The newest version of each plugin whose id, name or description contains {@code text} (any case). */
  List<CatalogEntry> search(String text);

  /** Every version of plugin {@code id}, newest first. */
  List<CatalogEntry> versions(String id);

  /**
   * Plugin {@code id} at {@code version}, or the newest version not revoked when empty.
   *
   * @throws CatalogException {@code unknown_plugin} (no catalog offers it) or {@code unknown_version}
   */
  CatalogEntry find(String id, Optional<String> version);

  /**
   * The jar of {@code entry}, read once, bounded by the size the catalog states. The caller checks size
   * and digest against the entry.
   *
   * @throws CatalogException {@code fetch_failed} when the bytes cannot be read, {@code size_mismatch}
   *     when there are more than the catalog states
   */
  byte[] fetch(CatalogEntry entry);
}
