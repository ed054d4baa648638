package ai.tyrum.gateway.spi;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The permission classes a plugin can request with a {@code tyrum.permission} capability (DESIGN
 * section 3): one vocabulary for the manifest check, policy and the host services that enforce a grant.
 *
 * @since 1.3
 */
public enum Permission {

  /** Reach a network endpoint ({@code host:port}), or any endpoint of an egress class policy defines. */
  NETWORK_EGRESS("network.egress", "host:port, or class:<egress-class>", true, true),
  /** Read the secrets of one scope. */
  SECRETS_READ("secrets.read", "a secret scope", true, true),
  /** Keep a private store. */
  DB("db", "plugin", true, true),
  /** Read files under a folder of the plugin's data dir. */
  FS_READ("fs.read", "a path relative to the plugin's data dir, inside it", false, true),
  /** Write files under a folder of the plugin's data dir. */
  FS_WRITE("fs.write", "a path relative to the plugin's data dir, inside it", true, true),
  /** Call another tool through the one call path. */
  TOOLS_CALL("tools.call", "a tool id, such as plugin.echo.echo", false, false);

  private final String id;
  private final String target;
  private final boolean expandsAccess;
  private final boolean reachesOutside;

  Permission(String id, String target, boolean expandsAccess, boolean reachesOutside) {
    this.id = id;
    this.target = target;
    this.expandsAccess = expandsAccess;
    this.reachesOutside = reachesOutside;
  }

  /** The class as a manifest, policy and the operator write it, such as {@code network.egress}. */
  public String id() {
    return id;
  }

  /** What a target of this class looks like, for people reading a refusal. */
  public String targetGrammar() {
    return target;
  }

  /**
   * Whether holding it expands what the plugin can reach or change beyond computing: a plugin holding
   * one has only opt-in tools (DESIGN section 4).
   */
  public boolean expandsAccess() {
    return expandsAccess;
  }

  /** Whether using it can block on the world outside the process (network, disk, a store). */
  public boolean reachesOutside() {
    return reachesOutside;
  }

  /** The class written {@code id}, if there is one. */
  public static Optional<Permission> of(String id) {
    return Arrays.stream(values()).filter(p -> p.id.equals(id)).findFirst();
  }

  /** Every class id, in declaration order, for messages that list what is allowed. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Permission::id).toList();
  }

  @Override
  public String toString() {
    return id;
  }
}
