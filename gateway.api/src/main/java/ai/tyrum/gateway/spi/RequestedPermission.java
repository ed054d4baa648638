package ai.tyrum.gateway.spi;

import java.util.Objects;

/**
 * One {@code tyrum.permission} capability of a plugin, as its manifest declares it.
 *
 * @param pluginId the plugin's id
 * @param pluginVersion the plugin's version
 * @param permission the permission class, such as {@code network.egress}
 * @param target what it applies to, such as {@code api.example.com:443} or {@code class:weather-api}
 * @since 1.2
 */
public record RequestedPermission(String pluginId, String pluginVersion, String permission, String target) {

  public RequestedPermission {
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(pluginVersion, "pluginVersion");
    Objects.requireNonNull(permission, "permission");
    Objects.requireNonNull(target, "target");
  }
}
