package ai.tyrum.gateway.spi;

import java.io.IOException;
import java.nio.file.Path;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The gateway's data dir for the gateway's own bundles (DESIGN section 2): state files are written
 * atomically (temp file, fsync, rename).
 *
 * @since 1.1
 */
@ProviderType
public interface DataDirectory {

  /**
   * The subdirectory {@code name} of the data dir (such as {@code policy} or {@code approvals}),
   * created owner-only if missing.
   *
   * @throws IllegalArgumentException if {@code name} is not a plain relative name
   */
  Path dir(String name);

  /**
   * Replaces {@code target} with {@code bytes} so that a crash leaves the old or the new content.
   *
   * @throws IOException if a step fails; {@code target} then still holds its previous content
   */
  void writeAtomically(Path target, byte[] bytes) throws IOException;
}
