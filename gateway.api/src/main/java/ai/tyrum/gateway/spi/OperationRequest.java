package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Objects;

/**
 * The exact plugin operation an approval covers (DESIGN section 5, privilege): an approval granted for
 * one artifact and permission set covers nothing else.
 *
 * @param operation {@code install}, {@code upgrade} or {@code enable}
 * @param pluginId the plugin
 * @param version the version the operation installs or enables
 * @param sha256 hex SHA-256 of that version's jar
 * @param permissions the permissions it will hold, each {@code class:target}, sorted
 * @since 2.1
 */
public record OperationRequest(String operation, String pluginId, String version, String sha256, List<String> permissions) {

  public OperationRequest {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(pluginId, "pluginId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
    permissions = List.copyOf(permissions);
  }
}
