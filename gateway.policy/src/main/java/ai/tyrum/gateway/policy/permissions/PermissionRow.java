package ai.tyrum.gateway.policy.permissions;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.osgi.service.condpermadmin.ConditionInfo;
import org.osgi.service.permissionadmin.PermissionInfo;

/**
 * One row of the Conditional Permission Admin table, before it is handed to the service.
 *
 * @param name unique within the table
 * @param allow ALLOW, else DENY
 * @param conditions all must hold for the row to apply; none: it applies to every bundle
 * @param permissions what the row allows or denies
 */
public record PermissionRow(String name, boolean allow, List<ConditionInfo> conditions, List<PermissionInfo> permissions) {

  public PermissionRow {
    Objects.requireNonNull(name, "name");
    conditions = List.copyOf(conditions);
    permissions = List.copyOf(permissions);
  }

  /** The row in the encoded form of OSGi Core 50.5.2, as {@code ConditionalPermissionInfo.getEncoded()} writes it. */
  public String encoded() {
    return (allow ? "ALLOW" : "DENY") + " { "
        + conditions.stream().map(c -> c.getEncoded() + " ").collect(Collectors.joining())
        + permissions.stream().map(p -> p.getEncoded() + " ").collect(Collectors.joining())
        + "} \"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
