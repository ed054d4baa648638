package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The verified install pipeline (DESIGN section 5) as the HTTP API and other doors reach it: every
 * operation runs the same checks as {@code plugin:install} at the console, and is audited with the
 * actor. Results are JSON-shaped values, as the HTTP API answers them.
 *
 * <p>Every refusal is a {@link GatewayException} with a stable code, its HTTP status and details;
 * a refused operation changes nothing but records a {@code failed} event.
 *
 * @since 2.1
 */
@ProviderType
public interface PluginInstaller {

  /**
   * Installs a plugin from a trusted catalog or a local file.
   *
   * @return the outcome: {@code id}, {@code version}, {@code state} ({@code loaded}, {@code installed},
   *     {@code pending_approval}), {@code sha256}, {@code source}, {@code requested} (each permission with
   *     its reason), {@code granted}, and {@code missing} (what still needs a grant or an approval)
   */
  Map<String, Object> install(InstallRequest request);

  /**
   * Upgrades plugin {@code id} to {@code version} (the newest the catalogs offer when empty). A version
   * that asks for more permissions or changes a tool contract is held for re-approval with the
   * difference, while the old version keeps serving; one that fails to start is rolled back.
   */
  Map<String, Object> upgrade(String id, Optional<String> version, List<String> grants, Optional<String> approvalId, String actor);

  /** Uninstalls plugin {@code id}; {@code purge} also deletes its stored jar, config and data. */
  Map<String, Object> uninstall(String id, boolean purge, String actor);

  /** Starts a disabled plugin and keeps it enabled across restarts. */
  Map<String, Object> enable(String id, Optional<String> approvalId, String actor);

  /** Stops a plugin and keeps it stopped across restarts. */
  Map<String, Object> disable(String id, String actor);

  /**
   * Stops a plugin and keeps it stopped across restarts, for the reason {@code reason} (a stable code,
   * such as {@code circuit_open}) with {@code facts}, which the {@code disabled} event carries beside it.
   *
   * <p>The default, for an implementation that records no reason, disables as {@link #disable(String, String)}.
   *
   * @since 2.2
   */
  default Map<String, Object> disable(String id, String actor, String reason, Map<String, Object> facts) {
    return disable(id, actor);
  }

  /** Grants requested permissions ({@code class:target}); a plugin whose grants are then complete loads. */
  Map<String, Object> grant(String id, List<String> permissions, String actor);

  /** Withdraws granted permissions; a loaded plugin that loses one stops and waits for it again. */
  Map<String, Object> revoke(String id, List<String> permissions, String actor);

  /** The newest version of each catalog plugin whose id, name or description contains {@code text}. */
  List<Map<String, Object>> search(String text);

  /**
   * A plugin as the catalogs offer it, installed or not: versions, capabilities, requested permissions
   * with their reasons, publisher key, size and digest.
   */
  Optional<Map<String, Object>> info(String id);

  /** Every installed plugin checked against the lockfile and the store, with a verdict each. */
  List<Map<String, Object>> verify();
}
