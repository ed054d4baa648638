package ai.tyrum.gateway.policy.permissions;

import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.policy.merge.RuleSet;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.condpermadmin.ConditionInfo;
import org.osgi.service.condpermadmin.ConditionalPermissionAdmin;
import org.osgi.service.condpermadmin.ConditionalPermissionInfo;
import org.osgi.service.condpermadmin.ConditionalPermissionUpdate;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.permissionadmin.PermissionInfo;

/**
 * Keeps the Conditional Permission Admin table of hardened mode (DESIGN section 6) in step with what is
 * installed and granted, through {@link PermissionMapper}. Satisfied only when the framework runs with
 * security on: elsewhere no Conditional Permission Admin is registered, and it does nothing.
 *
 * <p>When it rewrites the table:
 * <ul>
 *   <li>a bundle is installed, updated or uninstalled: in a synchronous bundle listener, so a plugin's rows
 *       exist before it can resolve or start (DS decides whether its components are satisfied once, at
 *       start, and does not look again when a permission arrives later);
 *   <li>the lockfile changes: on {@code plugin.lifecycle} events, which the marketplace records after every
 *       lockfile write (grant, revoke, enable, disable, upgrade, uninstall). The {@link PluginLock} service
 *       itself is registered once and never modified, so its service events say nothing of grants;
 *   <li>the policy changes ({@code policy.changed}): egress classes map to endpoints.
 * </ul>
 * Events arrive asynchronously: a grant reaches the table a moment after the operator's command returns.
 */
@Component(
    immediate = true,
    property = {
      EventConstants.EVENT_TOPIC + "=tyrum/plugin/lifecycle",
      EventConstants.EVENT_TOPIC + "=tyrum/policy/changed"
    })
public final class PluginPermissionTable implements EventHandler, SynchronousBundleListener {

  private static final System.Logger LOG = System.getLogger(PluginPermissionTable.class.getName());
  private static final String RUN_SET_PREFIX = "tyrum:bundles/";
  private static final Pattern IMPORTED = Pattern.compile("\\(osgi\\.wiring\\.package=([^)]+)\\)");
  /** Concurrent writers retry; a table that keeps changing under this one after so many tries is logged. */
  private static final int COMMIT_ATTEMPTS = 10;

  private final ConditionalPermissionAdmin admin;
  private final PolicyDecider policy;
  private final BundleContext context;
  private final Path data;
  /** Per bundle id: what was read of it, with the modification time it was read at. */
  private final Map<Long, Read> reads = new ConcurrentHashMap<>();
  private volatile PluginLock lock;

  private record Read(long lastModified, Optional<PluginBundle> plugin) {}

  @Activate
  public PluginPermissionTable(
      @Reference ConditionalPermissionAdmin admin, @Reference PolicyDecider policy, BundleContext context) {
    this.admin = admin;
    this.policy = policy;
    this.context = context;
    this.data = Path.of(String.valueOf(context.getProperty("tyrum.data")));
    context.addBundleListener(this);
    refresh();
  }

  @Deactivate
  void deactivate() {
    context.removeBundleListener(this);
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  void bindLock(PluginLock lock) {
    this.lock = lock;
    refresh();
  }

  void unbindLock(PluginLock lock) {
    if (this.lock == lock) {
      this.lock = null;
    }
  }

  @Override
  public void bundleChanged(BundleEvent event) {
    switch (event.getType()) {
      case BundleEvent.INSTALLED, BundleEvent.UPDATED, BundleEvent.UNINSTALLED -> refresh();
      default -> {
        // the table keys on locations, which no other change alters
      }
    }
  }

  @Override
  public void handleEvent(Event event) {
    refresh();
  }

  /** Rewrites the table from what is installed and granted now. */
  synchronized void refresh() {
    List<PluginBundle> plugins = plugins();
    List<PermissionRow> rows = PermissionMapper.rows(plugins, granted(), egressClasses(policy.current().policy()), shared(plugins), data);
    for (int attempt = 1; attempt <= COMMIT_ATTEMPTS; attempt++) {
      ConditionalPermissionUpdate update = admin.newConditionalPermissionUpdate();
      List<ConditionalPermissionInfo> table = update.getConditionalPermissionInfos();
      table.clear();
      for (PermissionRow row : rows) {
        table.add(admin.newConditionalPermissionInfo(row.name(),
            row.conditions().toArray(ConditionInfo[]::new),
            row.permissions().toArray(PermissionInfo[]::new),
            row.allow() ? ConditionalPermissionInfo.ALLOW : ConditionalPermissionInfo.DENY));
      }
      if (update.commit()) {
        return;
      }
    }
    LOG.log(System.Logger.Level.WARNING, "hardened mode: the permission table kept changing while it was written;"
        + " it stays as it was until the next plugin or grant change");
  }

  private List<PluginBundle> plugins() {
    List<PluginBundle> plugins = new ArrayList<>();
    Set<Long> present = new HashSet<>();
    for (Bundle bundle : context.getBundles()) {
      if (bundle.getBundleId() == Constants.SYSTEM_BUNDLE_ID || bundle.getLocation().startsWith(RUN_SET_PREFIX)) {
        continue;
      }
      present.add(bundle.getBundleId());
      Read read = reads.get(bundle.getBundleId());
      if (read == null || read.lastModified() != bundle.getLastModified()) {
        read = new Read(bundle.getLastModified(), read(bundle));
        reads.put(bundle.getBundleId(), read);
      }
      read.plugin().ifPresent(plugins::add);
    }
    reads.keySet().retainAll(present);
    return plugins;
  }

  /** The packages every bundle but the plugins exports (the system bundle's included). */
  private Set<String> shared(List<PluginBundle> plugins) {
    Set<String> pluginLocations = new HashSet<>();
    plugins.forEach(p -> pluginLocations.add(p.location()));
    Set<String> shared = new HashSet<>();
    for (Bundle bundle : context.getBundles()) {
      BundleRevision revision = bundle.adapt(BundleRevision.class);
      if (revision != null && !pluginLocations.contains(bundle.getLocation())) {
        for (BundleCapability export : revision.getDeclaredCapabilities(BundleRevision.PACKAGE_NAMESPACE)) {
          shared.add(String.valueOf(export.getAttributes().get(BundleRevision.PACKAGE_NAMESPACE)));
        }
      }
    }
    return shared;
  }

  /** The plugin a bundle is, read from its manifest and entries; empty for a bundle that declares none. */
  static Optional<PluginBundle> read(Bundle bundle) {
    BundleRevision revision = bundle.adapt(BundleRevision.class);
    if (revision == null) {
      return Optional.empty();
    }
    String pluginId = revision.getDeclaredCapabilities("tyrum.plugin").stream()
        .map(c -> c.getAttributes().get("tyrum.plugin"))
        .filter(String.class::isInstance)
        .map(String.class::cast)
        .findFirst()
        .orElse(null);
    if (pluginId == null) {
      return Optional.empty();
    }
    Set<String> imports = new TreeSet<>();
    Set<String> requires = new TreeSet<>();
    for (BundleRequirement requirement : revision.getDeclaredRequirements(null)) {
      requires.add(requirement.getNamespace());
      if (BundleRevision.PACKAGE_NAMESPACE.equals(requirement.getNamespace())) {
        Matcher matcher = IMPORTED.matcher(String.valueOf(requirement.getDirectives().get("filter")));
        if (matcher.find()) {
          imports.add(matcher.group(1));
        }
      }
    }
    Set<String> provides = new TreeSet<>();
    List<String> requested = new ArrayList<>();
    for (BundleCapability capability : revision.getDeclaredCapabilities(null)) {
      provides.add(capability.getNamespace());
      if ("tyrum.permission".equals(capability.getNamespace())) {
        requested.add(capability.getAttributes().get("tyrum.permission") + ":" + capability.getAttributes().get("target"));
      }
    }
    return Optional.of(new PluginBundle(bundle.getLocation(), pluginId, imports, requires, provides, classes(bundle), requested));
  }

  /**
   * The names of the bundle's own classes, from its jar's entries: {@code getEntryPaths}, not
   * {@code findEntries}, which would try to resolve the bundle (a plugin waiting for its grants included).
   */
  private static Set<String> classes(Bundle bundle) {
    Set<String> classes = new TreeSet<>();
    List<String> folders = new ArrayList<>(List.of("/"));
    while (!folders.isEmpty()) {
      Enumeration<String> entries = bundle.getEntryPaths(folders.remove(folders.size() - 1));
      while (entries != null && entries.hasMoreElements()) {
        String entry = entries.nextElement();
        if (entry.endsWith("/")) {
          if (!entry.startsWith("META-INF/") && !entry.startsWith("OSGI-INF/")) {
            folders.add(entry);
          }
        } else if (entry.endsWith(".class")) {
          classes.add(entry.substring(0, entry.length() - ".class".length()).replace('/', '.'));
        }
      }
    }
    return classes;
  }

  /** Per plugin id, what its enabled lockfile entry grants; nothing for an entry that is not enabled. */
  private Map<String, List<String>> granted() {
    PluginLock current = lock;
    Map<String, List<String>> granted = new HashMap<>();
    if (current != null) {
      for (LockEntry entry : current.entries()) {
        if (entry.state() == LockEntry.State.enabled) {
          granted.put(entry.id(), entry.granted());
        }
      }
    }
    return granted;
  }

  /** Every egress class with the endpoints any agent's policy gives it. */
  static Map<String, List<EgressEndpoint>> egressClasses(MergedPolicy policy) {
    Map<String, Set<EgressEndpoint>> union = new TreeMap<>();
    List<RuleSet> rules = new ArrayList<>();
    rules.add(policy.base());
    rules.addAll(policy.agents().values());
    for (RuleSet ruleSet : rules) {
      ruleSet.egressClasses().forEach((name, endpoints) ->
          union.computeIfAbsent(name, n -> new TreeSet<>(java.util.Comparator.comparing(EgressEndpoint::toString))).addAll(endpoints));
    }
    Map<String, List<EgressEndpoint>> classes = new TreeMap<>();
    union.forEach((name, endpoints) -> classes.put(name, List.copyOf(endpoints)));
    return classes;
  }
}
