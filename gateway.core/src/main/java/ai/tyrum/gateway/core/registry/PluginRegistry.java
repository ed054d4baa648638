package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.api.RpcRoute;
import ai.tyrum.gateway.api.SlashCommand;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginManifest.CommandDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.RouteDecl;
import ai.tyrum.gateway.core.manifest.PluginManifest.ToolDecl;
import ai.tyrum.gateway.core.registry.ContributionOwners.Slot;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Every plugin bundle the gateway knows, refused ones included, and the contributions it serves.
 *
 * <p>Plugin services arrive through the whiteboard references below at any time, before or after the
 * extender has read their bundle. A service counts only for the plugin whose bundle registered it
 * ({@code ServiceReference.getBundle()}): it is served only when that bundle is a loaded plugin and the
 * plugin's manifest declares its name; a service whose name is not declared, or that names another
 * plugin, fails the whole plugin ({@code undeclared_contribution}) and withdraws everything it served.
 *
 * <p>Each declared contribution has one owner and one live registration. A registration made with the
 * plugin's bundle whose service class another bundle defined was made through a borrowed bundle context:
 * it is refused ({@value #FOREIGN_REGISTRATION}). Of the others, the first serves the contribution
 * ({@link ContributionOwners}), and any further registration of it, whatever its {@code service.ranking},
 * is refused ({@value #DUPLICATE_CONTRIBUTION}) and never served, not even after the first one goes.
 * Either refusal is recorded once and leaves the plugin's state alone, and the plugin keeps serving its
 * first registration: failing the plugin would let any bundle that borrows its context take it down.
 *
 * <p>Lookups on the call path read concurrent maps without locking; changes of state are serialised.
 */
@Component(service = {Plugins.class, PluginLifecycle.class})
public final class PluginRegistry implements Plugins, PluginLifecycle {

  /** The reason recorded for a second registration of a contribution that is already served. */
  public static final String DUPLICATE_CONTRIBUTION = "duplicate_contribution";

  /**
   * The reason recorded for a registration made with a plugin's bundle whose service class another bundle
   * defined: that bundle borrowed the plugin's context.
   */
  public static final String FOREIGN_REGISTRATION = "foreign_registration";

  private static final String MARKETPLACE = "gateway.marketplace";

  private static final long SYSTEM_BUNDLE_ID = 0;

  private final Object lock = new Object();
  private final Map<Long, PluginRecord> plugins = new ConcurrentHashMap<>();
  private final Map<Long, Map<ServiceReference<?>, Arrived>> services = new ConcurrentHashMap<>();
  private final Map<String, BoundTool> tools = new ConcurrentHashMap<>();
  // the ids of the tools each plugin bundle serves, and the bundles that declare each plugin id: so that
  // withdrawing a plugin, or finding one by id, costs what it concerns and not every plugin known
  private final Map<Long, Set<String>> toolsOf = new ConcurrentHashMap<>();
  private final Map<String, Set<Long>> bundlesOf = new ConcurrentHashMap<>();
  private final Map<String, BoundCommand> commands = new ConcurrentHashMap<>();
  private final Map<String, BoundRoute> routes = new ConcurrentHashMap<>();
  private final ContributionOwners<ServiceReference<?>> owners = new ContributionOwners<>();
  private final Map<Long, Map<ServiceReference<?>, RefusedService>> refused = new ConcurrentHashMap<>();

  private final GatewayEvents events;
  private final Bundle system;
  private final boolean marketplace;
  // registered by the marketplace once it has brought the framework in line with the lockfile at start
  private volatile PluginLock checked;

  /** A registry that obtains every tool's service object as it arrives (as the unit tests hand them in). */
  public PluginRegistry(GatewayEvents events) {
    this(events, null);
  }

  @Activate
  public PluginRegistry(@Reference GatewayEvents events, BundleContext context) {
    this.events = events;
    this.system = context == null ? null : context.getBundle(Constants.SYSTEM_BUNDLE_ID);
    this.marketplace = context != null
        && Arrays.stream(context.getBundles()).anyMatch(b -> MARKETPLACE.equals(b.getSymbolicName()));
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  void bindChecked(PluginLock lock) {
    checked = lock;
  }

  void unbindChecked(PluginLock lock) {
    if (checked == lock) {
      checked = null;
    }
  }

  /**
   * Whether the gateway is still starting: the framework has not reached its start level, or the
   * marketplace is still installing (a first start, a start without the framework cache) and starting the
   * plugins of the lockfile. An operator's install comes after.
   */
  private boolean starting() {
    return system != null && (system.getState() != Bundle.ACTIVE || marketplace && checked == null);
  }

  private record Arrived(ServiceReference<?> reference, Contribution kind, String name, Object service) {

    /** Registration order: the framework's service id, which no property of the service can change. */
    long order() {
      return serviceId(reference);
    }
  }

  private static long serviceId(ServiceReference<?> reference) {
    return reference.getProperty(Constants.SERVICE_ID) instanceof Long id ? id : Long.MAX_VALUE;
  }

  // --- lifecycle, driven by the extender ------------------------------------------------------

  /** A valid plugin bundle was seen; {@code fresh} when it was just installed (not found at start). */
  @Override
  public void accepted(Bundle bundle, ValidatedPlugin plugin, boolean fresh) {
    PluginManifest manifest = plugin.manifest();
    PluginRecord record =
        new PluginRecord(
            bundle.getBundleId(),
            manifest.id(),
            manifest.bundle(),
            manifest.version(),
            bundle.getLocation(),
            Optional.of(manifest),
            plugin.schemas(),
            PluginState.installed,
            "",
            List.of(),
            List.of());
    synchronized (lock) {
      record = record.withRefusedServices(refusedOf(bundle.getBundleId()));
      put(bundle.getBundleId(), record);
      withdraw(bundle.getBundleId());
      if (fresh) {
        emit(record, "installed", "", List.of());
      }
    }
  }

  /** A plugin bundle was refused; it stays known, failed, and nothing of it is served. */
  @Override
  public void refused(Bundle bundle, String declaredId, ManifestException refusal, boolean fresh) {
    PluginRecord record =
        new PluginRecord(
            bundle.getBundleId(),
            declaredId,
            String.valueOf(bundle.getSymbolicName()),
            bundle.getVersion().toString(),
            bundle.getLocation(),
            Optional.empty(),
            Map.of(),
            PluginState.failed,
            refusal.reason(),
            refusal.details(),
            List.of());
    refuse(bundle, record, fresh);
  }

  /**
   * A valid plugin whose stored config is not valid for its schema ({@code invalid_config}): refused
   * like a bad manifest, but its manifest and schemas stay known so that a config write can fix it.
   */
  @Override
  public void refusedConfig(Bundle bundle, ValidatedPlugin plugin, List<String> details, boolean fresh) {
    PluginManifest manifest = plugin.manifest();
    PluginRecord record =
        new PluginRecord(
            bundle.getBundleId(),
            manifest.id(),
            manifest.bundle(),
            manifest.version(),
            bundle.getLocation(),
            Optional.of(manifest),
            plugin.schemas(),
            PluginState.failed,
            INVALID_CONFIG,
            details,
            List.of());
    refuse(bundle, record, fresh);
  }

  private void refuse(Bundle bundle, PluginRecord refusal, boolean fresh) {
    synchronized (lock) {
      PluginRecord record = refusal.withRefusedServices(refusedOf(bundle.getBundleId()));
      PluginRecord previous = put(bundle.getBundleId(), record);
      withdraw(bundle.getBundleId());
      if (fresh && previous == null) {
        emit(record, "installed", "", List.of());
      }
      if (previous == null || previous.state() != PluginState.failed
          || !previous.reason().equals(record.reason()) || !previous.details().equals(record.details())) {
        emit(record, "failed", record.reason(), record.details());
      }
    }
  }

  /** The plugin's bundle is active and wired to this extender: serve what it declared. */
  @Override
  public void loaded(Bundle bundle) {
    synchronized (lock) {
      PluginRecord record = plugins.get(bundle.getBundleId());
      if (record == null || record.manifest().isEmpty() || record.state() == PluginState.loaded
          || record.state() == PluginState.failed) {
        return;
      }
      PluginRecord now = record.withState(PluginState.loaded, "", List.of());
      put(bundle.getBundleId(), now);
      emit(now, "loaded", "", List.of());
      List<Arrived> pending = new ArrayList<>(services.getOrDefault(bundle.getBundleId(), Map.of()).values());
      pending.sort(Comparator.comparingLong(Arrived::order));
      for (Arrived arrived : pending) {
        if (!bind(now, arrived)) {
          return;
        }
      }
    }
  }

  /** The plugin's bundle stopped: serve nothing of it any more. */
  @Override
  public void unloaded(Bundle bundle) {
    synchronized (lock) {
      PluginRecord record = plugins.get(bundle.getBundleId());
      if (record == null || record.state() != PluginState.loaded) {
        return;
      }
      withdraw(bundle.getBundleId());
      PluginRecord now = record.withState(PluginState.installed, "", List.of());
      put(bundle.getBundleId(), now);
      emit(now, "unloaded", "", List.of());
    }
  }

  /** The plugin's bundle was uninstalled: forget it. */
  @Override
  public void uninstalled(Bundle bundle) {
    synchronized (lock) {
      PluginRecord record = remove(bundle.getBundleId());
      withdraw(bundle.getBundleId());
      services.remove(bundle.getBundleId());
      owners.forget(bundle.getBundleId());
      refused.remove(bundle.getBundleId());
      if (record != null) {
        if (record.state() == PluginState.loaded) {
          emit(record, "unloaded", "", List.of());
        }
        emit(record, "uninstalled", "", List.of());
      }
    }
  }

  /**
   * Records a refusal for a bundle that is known, such as one that cannot resolve; each distinct refusal
   * once (a plugin that registers two services it may not is recorded for both).
   */
  @Override
  public void failedAtRuntime(Bundle bundle, String reason, List<String> details) {
    synchronized (lock) {
      PluginRecord record = plugins.get(bundle.getBundleId());
      if (record == null || (record.state() == PluginState.failed && record.reason().equals(reason)
          && record.details().equals(details))) {
        return;
      }
      withdraw(bundle.getBundleId());
      PluginRecord now = record.withState(PluginState.failed, reason, details);
      put(bundle.getBundleId(), now);
      emit(now, "failed", reason, details);
    }
  }

  // --- the whiteboard: plugin services as they come and go -------------------------------------
  // Public, as DS calls them: tests and benchmarks hand a plugin's services in the same way.

  /**
   * A tool service arrived; its object is obtained now while the gateway runs, and at its first call for
   * a tool found while the gateway starts (see {@link ToolService}). DS hands the service objects, not
   * the object, so that binding a tool activates nothing.
   */
  @Reference(
      name = "tools",
      service = Tool.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY,
      unbind = "removeTool")
  void bindTool(ServiceReference<Tool> reference, ComponentServiceObjects<Tool> objects) {
    if (!starting()) {
      Tool tool = objects.getService();
      if (tool != null) { // a component that cannot activate: SCR records why, and ComponentFailures reads it
        addTool(reference, tool);
      }
      return;
    }
    Arrived[] self = new Arrived[1];
    ToolService service = ToolService.lazy(objects, tool -> obtained(self[0], tool));
    self[0] = arrived(reference, Contribution.tool, service);
  }

  /** A tool service arrived with its object. */
  public void addTool(ServiceReference<Tool> reference, Tool tool) {
    arrived(reference, Contribution.tool, ToolService.of(tool));
  }

  public void removeTool(ServiceReference<Tool> reference) {
    departed(reference);
  }

  @Reference(
      service = SlashCommand.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  public void addCommand(ServiceReference<SlashCommand> reference, SlashCommand command) {
    arrived(reference, Contribution.command, command);
  }

  public void removeCommand(ServiceReference<SlashCommand> reference) {
    departed(reference);
  }

  @Reference(
      service = RpcRoute.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  public void addRoute(ServiceReference<RpcRoute> reference, RpcRoute route) {
    arrived(reference, Contribution.route, route);
  }

  public void removeRoute(ServiceReference<RpcRoute> reference) {
    departed(reference);
  }

  private Arrived arrived(ServiceReference<?> reference, Contribution kind, Object service) {
    Object name = reference.getProperty(kind.nameProperty());
    long bundleId = reference.getBundle().getBundleId();
    Arrived arrived = new Arrived(reference, kind, name instanceof String s ? s : "", service);
    synchronized (lock) {
      services.computeIfAbsent(bundleId, id -> new ConcurrentHashMap<>()).put(reference, arrived);
      PluginRecord record = plugins.get(bundleId);
      if (record != null && record.state() == PluginState.loaded) {
        bind(record, arrived);
      }
    }
    return arrived;
  }

  /**
   * A tool obtained at its first call: refused (and no longer served) when another bundle defined its
   * class, as it would have been had it been obtained when it arrived.
   */
  private String obtained(Arrived arrived, Tool tool) {
    Optional<Bundle> origin = definingBundle(tool);
    long bundleId = arrived.reference().getBundle() == null ? -1 : arrived.reference().getBundle().getBundleId();
    if (origin.isEmpty() || origin.get().getBundleId() == bundleId) {
      return null;
    }
    synchronized (lock) {
      PluginRecord record = plugins.get(bundleId);
      Arrived judged = new Arrived(arrived.reference(), arrived.kind(), arrived.name(), tool);
      if (record != null && owners.release(arrived.reference())) {
        unbind(bundleId, arrived);
        refuseAlone(record, judged, FOREIGN_REGISTRATION,
            "but its class was defined by bundle " + origin.get().getSymbolicName() + ": another bundle used this"
                + " plugin's context; it is refused and never served, and the plugin keeps its state");
      }
    }
    return "the tool's class was defined by bundle " + origin.get().getSymbolicName() + ", not by its plugin: it is refused";
  }

  private void departed(ServiceReference<?> reference) {
    Bundle bundle = reference.getBundle();
    synchronized (lock) {
      // the bundle that registered it, first: looking through every bundle's services costs a scan per service
      if (bundle != null) {
        Map<ServiceReference<?>, Arrived> ofBundle = services.get(bundle.getBundleId());
        Arrived arrived = ofBundle == null ? null : ofBundle.remove(reference);
        if (arrived != null) {
          if (owners.release(reference)) {
            unbind(bundle.getBundleId(), arrived);
          } else {
            forgetRefused(bundle.getBundleId(), reference);
          }
          return;
        }
      }
      // the bundle may already be gone; find the service wherever it was recorded
      for (Map.Entry<Long, Map<ServiceReference<?>, Arrived>> entry : services.entrySet()) {
        Arrived arrived = entry.getValue().remove(reference);
        if (arrived != null) {
          if (owners.release(reference)) {
            unbind(entry.getKey(), arrived);
          } else {
            forgetRefused(entry.getKey(), reference);
          }
          return;
        }
      }
      if (bundle != null) {
        services.remove(bundle.getBundleId());
      }
    }
  }

  /** Serves one arrived service of a loaded plugin; false when it failed the plugin. */
  private boolean bind(PluginRecord record, Arrived arrived) {
    PluginManifest manifest = record.manifest().orElseThrow();
    if (refusedBefore(record.bundleId(), arrived.reference())) {
      return true;
    }
    Optional<Bundle> origin = serviceObject(arrived).flatMap(PluginRegistry::definingBundle);
    if (origin.isPresent() && origin.get().getBundleId() != record.bundleId()) {
      refuseAlone(record, arrived, FOREIGN_REGISTRATION,
          "but its class was defined by bundle " + origin.get().getSymbolicName() + ": another bundle used this"
              + " plugin's context; it is refused and never served, and the plugin keeps its state");
      return true;
    }
    if (arrived.reference().getProperty(arrived.kind().pluginProperty()) instanceof String named
        && !named.equals(manifest.id())) {
      return foreign(record, arrived, named);
    }
    switch (arrived.kind()) {
      case tool -> {
        Optional<ToolDecl> declaration = manifest.tool(arrived.name());
        if (declaration.isEmpty()) {
          return undeclared(record, arrived);
        }
        if (!owned(record, arrived)) {
          return true;
        }
        ToolDecl tool = declaration.get();
        String toolId = manifest.toolId(tool.name());
        tools.put(
            toolId,
            new BoundTool(
                toolId,
                record,
                tool,
                (ToolService) arrived.service(),
                record.schemas().get(tool.inputSchema()),
                record.schemas().get(tool.outputSchema()),
                new ToolDescriptor(toolId, manifest.id(), tool.stateChanging(), manifest.accessExpanding())));
        toolsOf.computeIfAbsent(record.bundleId(), id -> ConcurrentHashMap.newKeySet()).add(toolId);
      }
      case command -> {
        Optional<CommandDecl> declaration =
            manifest.commands().stream().filter(c -> c.name().equals(arrived.name())).findFirst();
        if (declaration.isEmpty()) {
          return undeclared(record, arrived);
        }
        BoundCommand existing = commands.get(arrived.name());
        if (existing != null && existing.plugin().bundleId() != record.bundleId()) {
          failedLocked(record, "command_conflict", List.of(
              "slash command /" + arrived.name() + " is already served by plugin " + existing.plugin().id()));
          return false;
        }
        if (!owned(record, arrived)) {
          return true;
        }
        commands.put(
            arrived.name(), new BoundCommand(record, declaration.get(), (SlashCommand) arrived.service()));
      }
      case route -> {
        Optional<RouteDecl> declaration =
            manifest.routes().stream().filter(r -> r.path().equals(arrived.name())).findFirst();
        if (declaration.isEmpty()) {
          return undeclared(record, arrived);
        }
        if (!owned(record, arrived)) {
          return true;
        }
        routes.put(
            routeKey(manifest.id(), arrived.name()),
            new BoundRoute(record, declaration.get(), (RpcRoute) arrived.service()));
      }
    }
    return true;
  }

  /**
   * Claims the contribution for this registration; false when another registration already serves it,
   * in which case this one is refused and, the first time, recorded.
   */
  private boolean owned(PluginRecord record, Arrived arrived) {
    Slot slot = new Slot(record.bundleId(), arrived.kind(), arrived.name());
    return switch (owners.claim(slot, arrived.reference())) {
      case granted -> true;
      case refused -> false;
      case duplicate -> {
        duplicate(record, arrived, owners.owner(slot).orElseThrow());
        yield false;
      }
    };
  }

  private void duplicate(PluginRecord record, Arrived arrived, ServiceReference<?> owner) {
    refuseAlone(record, arrived, DUPLICATE_CONTRIBUTION,
        "while service.id " + serviceId(owner) + " serves it; it is refused and never served, and the plugin"
            + " keeps serving the first");
  }

  /**
   * Refuses one registration without failing its plugin, and records it: the plugin's bundle made it, but
   * possibly through a context another bundle borrowed, so the plugin is not to blame.
   */
  private void refuseAlone(PluginRecord record, Arrived arrived, String reason, String why) {
    RefusedService refusal =
        new RefusedService(
            arrived.order(), arrived.kind(), arrived.name(), reason, implementation(arrived));
    refused.computeIfAbsent(record.bundleId(), id -> new ConcurrentHashMap<>()).put(arrived.reference(), refusal);
    PluginRecord now = record.withRefusedServices(refusedOf(record.bundleId()));
    put(record.bundleId(), now);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", now.eventIdentity());
    payload.put("location", now.location());
    payload.put("kind", "failed");
    payload.put("reason", reason);
    payload.put(
        "details",
        List.of(
            "a "
                + arrived.kind()
                + " service named \""
                + arrived.name()
                + "\" was registered with bundle "
                + now.bundle()
                + " (service.id "
                + refusal.serviceId()
                + ", "
                + refusal.implementation()
                + ") "
                + why));
    payload.put("service", refusal.toJson());
    payload.put("state", now.state().name());
    events.record("plugin.lifecycle", payload);
  }

  private boolean refusedBefore(long bundleId, ServiceReference<?> reference) {
    return refused.getOrDefault(bundleId, Map.of()).containsKey(reference);
  }

  /** The bundle whose class loader defined the service's class, when it was a bundle (not the class path). */
  private static Optional<Bundle> definingBundle(Object service) {
    return Optional.ofNullable(FrameworkUtil.getBundle(service.getClass()))
        .filter(origin -> origin.getBundleId() != SYSTEM_BUNDLE_ID);
  }

  private void forgetRefused(long bundleId, ServiceReference<?> reference) {
    Map<ServiceReference<?>, RefusedService> ofBundle = refused.get(bundleId);
    if (ofBundle == null || ofBundle.remove(reference) == null) {
      return;
    }
    PluginRecord record = plugins.get(bundleId);
    if (record != null) {
      put(bundleId, record.withRefusedServices(refusedOf(bundleId)));
    }
  }

  private List<RefusedService> refusedOf(long bundleId) {
    return refused.getOrDefault(bundleId, Map.of()).values().stream()
        .sorted(Comparator.comparingLong(RefusedService::serviceId))
        .toList();
  }

  /** The service object, when it is held: a tool found at start is obtained at its first call. */
  private static Optional<Object> serviceObject(Arrived arrived) {
    if (arrived.service() instanceof ToolService tool) {
      return tool.obtained() ? Optional.of(tool.get()) : Optional.empty();
    }
    return Optional.of(arrived.service());
  }

  /** The service's class and the bundle that defined it: who made a registration, whoever's context it used. */
  private static String implementation(Arrived arrived) {
    Optional<Object> held = serviceObject(arrived);
    if (held.isEmpty()) {
      return "a service factory of bundle " + arrived.reference().getBundle().getSymbolicName() + ", not obtained yet";
    }
    Object service = held.get();
    Class<?> type = service.getClass();
    return type.getName() + definingBundle(service).map(origin -> " of bundle " + origin.getSymbolicName()).orElse("");
  }

  private boolean foreign(PluginRecord record, Arrived arrived, String named) {
    failedLocked(
        record,
        "undeclared_contribution",
        List.of(
            "the plugin registered a "
                + arrived.kind()
                + " service named \""
                + arrived.name()
                + "\" for plugin "
                + named
                + "; a plugin serves only contributions its own manifest declares"));
    return false;
  }

  private boolean undeclared(PluginRecord record, Arrived arrived) {
    failedLocked(
        record,
        "undeclared_contribution",
        List.of(
            "the plugin registered a "
                + arrived.kind()
                + " service named \""
                + arrived.name()
                + "\" that its manifest does not declare; declare it with @Provide"
                + switch (arrived.kind()) {
                  case tool -> "Tool";
                  case command -> "Command";
                  case route -> "Route";
                }));
    return false;
  }

  private void failedLocked(PluginRecord record, String reason, List<String> details) {
    withdraw(record.bundleId());
    PluginRecord now = record.withState(PluginState.failed, reason, details);
    put(record.bundleId(), now);
    emit(now, "failed", reason, details);
  }

  /** The registration that served a contribution went: nothing serves it until its plugin registers again. */
  private void unbind(long bundleId, Arrived arrived) {
    switch (arrived.kind()) {
      case tool -> {
        Set<String> ids = toolsOf.getOrDefault(bundleId, Set.of());
        for (String id : List.copyOf(ids)) {
          BoundTool bound = tools.get(id);
          if (bound != null && bound.declaration().name().equals(arrived.name())) {
            tools.remove(id, bound);
            ids.remove(id);
          }
        }
      }
      case command -> commands.values().removeIf(c -> c.plugin().bundleId() == bundleId && c.declaration().name().equals(arrived.name()));
      case route -> routes.values().removeIf(r -> r.plugin().bundleId() == bundleId && r.declaration().path().equals(arrived.name()));
    }
  }

  private void withdraw(long bundleId) {
    owners.releaseAll(bundleId);
    Set<String> ids = toolsOf.remove(bundleId);
    if (ids != null) {
      ids.forEach(id -> tools.computeIfPresent(id, (k, bound) -> bound.plugin().bundleId() == bundleId ? null : bound));
    }
    commands.values().removeIf(c -> c.plugin().bundleId() == bundleId);
    routes.values().removeIf(r -> r.plugin().bundleId() == bundleId);
  }

  private void emit(PluginRecord record, String kind, String reason, List<String> details) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", record.eventIdentity());
    // where the bundle came from: the one name a refused bundle without a valid id still has (DESIGN §8)
    payload.put("location", record.location());
    payload.put("kind", kind);
    if (!reason.isEmpty()) {
      payload.put("reason", reason);
      payload.put("details", details);
    }
    events.record("plugin.lifecycle", payload);
  }

  private static String routeKey(String pluginId, String path) {
    return pluginId + "/" + path;
  }

  private PluginRecord put(long bundleId, PluginRecord record) {
    PluginRecord previous = plugins.put(bundleId, record);
    if (previous != null && !previous.id().equals(record.id())) {
      unindex(previous.id(), bundleId);
    }
    bundlesOf.computeIfAbsent(record.id(), id -> new ConcurrentSkipListSet<>()).add(bundleId);
    return previous;
  }

  private PluginRecord remove(long bundleId) {
    PluginRecord previous = plugins.remove(bundleId);
    if (previous != null) {
      unindex(previous.id(), bundleId);
    }
    return previous;
  }

  private void unindex(String id, long bundleId) {
    bundlesOf.computeIfPresent(id, (k, ids) -> {
      ids.remove(bundleId);
      return ids.isEmpty() ? null : ids;
    });
  }

  // --- queries ----------------------------------------------------------------------------------

  /** Every plugin bundle known, in bundle id order. */
  @Override
  public List<PluginRecord> plugins() {
    List<PluginRecord> all = new ArrayList<>(plugins.values());
    all.sort(Comparator.comparingLong(PluginRecord::bundleId));
    return all;
  }

  /** The plugin with {@code id}; when several bundles claim it, the loaded one wins. */
  @Override
  public Optional<PluginRecord> plugin(String id) {
    // in bundle id order, the first loaded one, else the first
    PluginRecord first = null;
    for (long bundleId : bundlesOf.getOrDefault(id, Collections.emptySortedSet())) {
      PluginRecord record = plugins.get(bundleId);
      if (record == null || !record.id().equals(id)) {
        continue;
      }
      if (record.state() == PluginState.loaded) {
        return Optional.of(record);
      }
      if (first == null) {
        first = record;
      }
    }
    return Optional.ofNullable(first);
  }

  @Override
  public Optional<PluginRecord> plugin(long bundleId) {
    return Optional.ofNullable(plugins.get(bundleId));
  }

  /** The served tool with this callable id. */
  @Override
  public Optional<BoundTool> tool(String toolId) {
    return Optional.ofNullable(tools.get(toolId));
  }

  /** Every served tool. */
  @Override
  public Collection<BoundTool> tools() {
    return tools.values().stream().sorted(Comparator.comparing(BoundTool::toolId)).toList();
  }

  @Override
  public Optional<BoundCommand> command(String name) {
    return Optional.ofNullable(commands.get(name));
  }

  @Override
  public Collection<BoundCommand> commands() {
    return commands.values().stream()
        .sorted(Comparator.comparing(c -> c.declaration().name()))
        .toList();
  }

  @Override
  public Optional<BoundRoute> route(String pluginId, String path) {
    return Optional.ofNullable(routes.get(routeKey(pluginId, path)));
  }
}
