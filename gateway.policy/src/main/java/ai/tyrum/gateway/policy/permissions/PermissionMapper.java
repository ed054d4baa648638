package ai.tyrum.gateway.policy.permissions;

import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.Permission;
import java.io.FilePermission;
import java.net.SocketPermission;
import java.nio.file.Path;
import java.security.AllPermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.osgi.framework.CapabilityPermission;
import org.osgi.framework.PackagePermission;
import org.osgi.framework.ServicePermission;
import org.osgi.service.condpermadmin.BundleLocationCondition;
import org.osgi.service.condpermadmin.ConditionInfo;
import org.osgi.service.permissionadmin.PermissionInfo;

/**
 * The Conditional Permission Admin table of hardened mode (DESIGN section 6), from what is installed and
 * granted: the run set ({@value #RUN_SET_LOCATIONS}) holds AllPermission; each plugin bundle, keyed on the
 * location it was installed under, what DS and its API imports need plus the Java permissions its grants map
 * to; the last row denies everything else. Pure: the same inputs give the same rows.
 *
 * <p>A grant maps to a Java permission only where the plugin could use it directly: {@code network.egress}
 * to connecting to the endpoint ({@code class:} targets to every endpoint any agent's policy gives the
 * class, since the JVM cannot tell agents apart), {@code fs.read} / {@code fs.write} to its folder under
 * {@code <data>/plugin-data/<id>/files/}. {@code db}, {@code secrets.read} and {@code tools.call} map to
 * nothing: they are only reached through host services, which act with the gateway's permissions.
 */
public final class PermissionMapper {
  public static final String RUN_SET_ROW = "tyrum.run-set";
  public static final String DENY_ROW = "tyrum.deny";
  public static final String PLUGIN_ROW_PREFIX = "tyrum.plugin:";
  static final String RUN_SET_LOCATIONS = "tyrum:bundles/*";
  private static final String API_PACKAGE = "ai.tyrum.gateway.api";
  private static final String GATEWAY_PACKAGES = "ai.tyrum.gateway.";
  /** The whiteboard services a plugin offers the gateway; the core checks each against the manifest. */
  private static final List<String> REGISTERED_API =
      List.of(API_PACKAGE + ".Tool", API_PACKAGE + ".SlashCommand", API_PACKAGE + ".RpcRoute");
  /**
   * The host services (API 1.1) a plugin reaches the outside through; each checks the caller's grants. Named
   * one by one rather than {@code ai.tyrum.gateway.api.*}, which would let a plugin get other plugins' Tool,
   * SlashCommand and RpcRoute services past the gateway's call path. A new host service is added here.
   */
  private static final List<String> HOST_SERVICES = List.of(API_PACKAGE + ".Egress", API_PACKAGE + ".Secrets",
      API_PACKAGE + ".PrivateStore", API_PACKAGE + ".PluginFiles", API_PACKAGE + ".ToolCaller");
  /** DS 1.5 gives every component an implicit reference to this service; without "get" it stays unsatisfied. */
  private static final String CONDITION = "org.osgi.service.condition.Condition";

  private PermissionMapper() {
  }

  /**
   * @param plugins the installed plugin bundles
   * @param granted per plugin id, the permissions it holds now ({@code class:target}; enabled plugins only)
   * @param egressClasses per egress class, the endpoints any agent's policy gives it
   * @param shared the packages the framework and the run set export: a plugin that carries a copy of one
   *     (say org.osgi.service.event) must not get to register services under its types
   * @param data the gateway's data dir
   */
  public static List<PermissionRow> rows(List<PluginBundle> plugins, Map<String, List<String>> granted,
      Map<String, List<EgressEndpoint>> egressClasses, Set<String> shared, Path data) {
    List<PermissionRow> rows = new ArrayList<>();
    rows.add(new PermissionRow(RUN_SET_ROW, true, List.of(location(RUN_SET_LOCATIONS)), List.of(all())));
    plugins.stream()
        .sorted(Comparator.comparing(PluginBundle::location))
        .forEach(plugin -> rows.add(new PermissionRow(PLUGIN_ROW_PREFIX + plugin.location(), true,
            List.of(location(escape(plugin.location()))),
            permissions(plugin, granted.getOrDefault(plugin.pluginId(), List.of()), egressClasses, shared, data))));
    rows.add(new PermissionRow(DENY_ROW, false, List.of(), List.of(all())));
    return rows;
  }

  /** What one plugin bundle holds: the framework's needs, then its grants. */
  static List<PermissionInfo> permissions(PluginBundle plugin, List<String> granted,
      Map<String, List<EgressEndpoint>> egressClasses, Set<String> shared, Path data) {
    List<PermissionInfo> permissions = new ArrayList<>();
    permissions.add(info(PackagePermission.class, "java.*", PackagePermission.IMPORT));
    for (String imported : new TreeSet<>(plugin.imports())) {
      // gateway packages other than the API are refused by the gateway's own checks; here they do not resolve
      if (imported.equals(API_PACKAGE) || !imported.startsWith(GATEWAY_PACKAGES)) {
        permissions.add(info(PackagePermission.class, imported, PackagePermission.IMPORT));
      }
    }
    for (String namespace : new TreeSet<>(plugin.requires())) {
      if (!namespace.startsWith("osgi.wiring.")) {
        permissions.add(info(CapabilityPermission.class, namespace, CapabilityPermission.REQUIRE));
      }
    }
    for (String namespace : new TreeSet<>(plugin.provides())) {
      if (!namespace.startsWith("osgi.wiring.") && !namespace.equals("osgi.identity")) {
        permissions.add(info(CapabilityPermission.class, namespace, CapabilityPermission.PROVIDE));
      }
    }
    permissions.add(info(ServicePermission.class, CONDITION, ServicePermission.GET));
    for (String host : HOST_SERVICES) {
      permissions.add(info(ServicePermission.class, host, ServicePermission.GET));
    }
    for (String api : REGISTERED_API) {
      permissions.add(info(ServicePermission.class, api, ServicePermission.REGISTER));
    }
    for (String own : new TreeSet<>(plugin.classes())) {
      // the plugin's internal DS services (notes' NoteBook): its own classes, by exact name (a "package.*"
      // name would take in every type below it, another bundle's included); never the gateway's, nor a
      // class of a package another bundle exports (a plugin that carries its own copy of, say,
      // org.osgi.service.event must not register an EventHandler)
      int dot = own.lastIndexOf('.');
      String pkg = dot < 0 ? "" : own.substring(0, dot);
      if (!own.startsWith(GATEWAY_PACKAGES) && !shared.contains(pkg)) {
        permissions.add(info(ServicePermission.class, own, ServicePermission.GET + "," + ServicePermission.REGISTER));
      }
    }
    for (String grant : new TreeSet<>(granted)) {
      if (plugin.requested().contains(grant)) {
        permissions.addAll(javaPermissions(plugin.pluginId(), grant, egressClasses, data));
      }
    }
    return permissions;
  }

  /** The Java permissions one grant ({@code class:target}) maps to. */
  static List<PermissionInfo> javaPermissions(
      String pluginId, String grant, Map<String, List<EgressEndpoint>> egressClasses, Path data) {
    int colon = grant.indexOf(':');
    if (colon < 0) {
      return List.of();
    }
    String target = grant.substring(colon + 1);
    Optional<Permission> permission = Permission.of(grant.substring(0, colon));
    if (permission.isEmpty()) {
      return List.of();
    }
    return switch (permission.get()) {
      case NETWORK_EGRESS -> endpoints(target, egressClasses).stream()
          .map(endpoint -> info(SocketPermission.class, endpoint, "connect,resolve"))
          .toList();
      case FS_READ -> files(pluginId, target, data, "read");
      case FS_WRITE -> files(pluginId, target, data, "read,write,delete");
      case SECRETS_READ, DB, TOOLS_CALL -> List.of();
    };
  }

  private static List<String> endpoints(String target, Map<String, List<EgressEndpoint>> egressClasses) {
    if (target.startsWith("class:")) {
      return egressClasses.getOrDefault(target.substring("class:".length()), List.of()).stream()
          .map(EgressEndpoint::toString)
          .toList();
    }
    return List.of(target);
  }

  /** The folder and everything below it; nothing for a target that would leave {@code files/}. */
  private static List<PermissionInfo> files(String pluginId, String target, Path data, String actions) {
    Path files = data.resolve("plugin-data").resolve(pluginId).resolve("files").toAbsolutePath().normalize();
    Path folder = files.resolve(target).normalize();
    if (!folder.startsWith(files) || pluginId.isEmpty()) {
      return List.of();
    }
    return List.of(
        info(FilePermission.class, folder.toString(), actions),
        info(FilePermission.class, folder + java.io.File.separator + "-", actions));
  }

  /**
   * A location as a {@link BundleLocationCondition} matches it literally: the condition reads its argument
   * as a filter value, in which {@code *} is a wildcard and {@code \}, {@code (} and {@code )} are special.
   */
  static String escape(String location) {
    StringBuilder escaped = new StringBuilder(location.length());
    for (char c : location.toCharArray()) {
      if (c == '\\' || c == '*' || c == '(' || c == ')') {
        escaped.append('\\');
      }
      escaped.append(c);
    }
    return escaped.toString();
  }

  private static ConditionInfo location(String pattern) {
    return new ConditionInfo(BundleLocationCondition.class.getName(), new String[] {pattern});
  }

  private static PermissionInfo all() {
    return new PermissionInfo(AllPermission.class.getName(), null, null);
  }

  private static PermissionInfo info(Class<?> type, String name, String actions) {
    return new PermissionInfo(type.getName(), name, actions);
  }
}
