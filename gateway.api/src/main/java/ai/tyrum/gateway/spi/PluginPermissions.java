package ai.tyrum.gateway.spi;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The permissions that the plugins loaded now request in their manifests (DESIGN section 3,
 * {@code tyrum.permission}), for checks that span policy and plugins, such as {@code policy:check}
 * finding a {@code network.egress} permission whose {@code class:<name>} the policy does not define.
 *
 * @since 1.2
 */
@ProviderType
public interface PluginPermissions {

  /** Every permission every loaded plugin requests, ordered by plugin id, each plugin's in manifest order. */
  List<RequestedPermission> loaded();
}
