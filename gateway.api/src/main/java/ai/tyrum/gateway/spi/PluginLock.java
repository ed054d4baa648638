package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The lockfile as the rest of the gateway reads it (DESIGN section 5, {@code plugins.lock.json}): what
 * is installed, from where, with which digest and grants. Only the marketplace writes it.
 *
 * @since 2.1
 */
@ProviderType
public interface PluginLock {

  /** Every entry, ordered by plugin id. */
  List<LockEntry> entries();

  /** The entry of plugin {@code id}, if the lockfile holds one. */
  Optional<LockEntry> entry(String id);
}
