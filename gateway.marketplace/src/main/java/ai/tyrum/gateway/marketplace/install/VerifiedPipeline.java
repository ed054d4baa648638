package ai.tyrum.gateway.marketplace.install;

import ai.tyrum.gateway.marketplace.catalog.CatalogEntry;
import ai.tyrum.gateway.marketplace.catalog.Catalogs;
import ai.tyrum.gateway.marketplace.gate.FrameworkBytes;
import ai.tyrum.gateway.marketplace.gate.InstallDoors;
import ai.tyrum.gateway.marketplace.gate.ResolveGate;
import ai.tyrum.gateway.marketplace.lock.Locked;
import ai.tyrum.gateway.marketplace.lock.Locked.Held;
import ai.tyrum.gateway.marketplace.lock.Lockfile;
import ai.tyrum.gateway.marketplace.lock.McpPins;
import ai.tyrum.gateway.marketplace.lock.LockfileException;
import ai.tyrum.gateway.marketplace.store.PluginStore;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.PluginData;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.LockEntry.Approver;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.OperationRequest;
import ai.tyrum.gateway.spi.PluginApprovals;
import ai.tyrum.gateway.spi.PluginInspector;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.PluginOrigin;
import ai.tyrum.gateway.spi.PluginPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

/**
 * The one verified install pipeline (DESIGN section 5): every door (a catalog id, a local file, the
 * deploy folder, a plain {@code felix:install} at the console) ends in the same checks, the same
 * lockfile entry and the same events, and nothing of a plugin resolves before it passed them.
 *
 * <p>Order of every change, so that a crash at any point leaves the old or the new state: verified
 * bytes into the store, then the lockfile (the record of intent), then the framework. At start the
 * framework is brought back in line with the lockfile ({@link #reconcile()}): a bundle the lockfile
 * does not hold is uninstalled, an entry without its bundle is installed from the store, and an
 * unfinished upgrade ends in whichever version the framework holds. Only then is the {@link
 * PluginLock} service registered, which is what the launcher waits for before it says ready.
 *
 * <p>Operations run one at a time.
 */
// PluginLock is registered by hand once the start-up check is done (see startUp): declared for the resolver
@org.osgi.annotation.bundle.Capability(
    namespace = "osgi.service",
    attribute = "objectClass:List<String>=ai.tyrum.gateway.spi.PluginLock")
@Component(
    service = {Pipeline.class, ai.tyrum.gateway.spi.PluginInstaller.class, ai.tyrum.gateway.spi.McpToolPins.class, EventHandler.class},
    immediate = true,
    property = EventConstants.EVENT_TOPIC + "=tyrum/approval/decided")
public final class VerifiedPipeline implements Pipeline, ai.tyrum.gateway.spi.McpToolPins, EventHandler {

  private final Checks checks;
  private final Catalogs catalogs;
  private final PluginPolicy policy;
  private final PluginApprovals approvals;
  private final GatewayEvents events;
  private final PluginStore store;
  private final Framework framework;
  private final BundleContext context;
  private final Lockfile lockfile;
  private final Optional<LockfileException> unreadable;
  private final ReentrantLock operations = new ReentrantLock();
  private final Map<Long, String[]> digests = new ConcurrentHashMap<>();
  private final ExecutorService background;
  private final ServiceRegistration<ResolverHookFactory> gate;
  private final InstallDoors doors;
  private volatile ServiceRegistration<PluginLock> ready;
  private volatile ServiceComponentRuntime scr;
  private final HaltPoints halt;
  private final PluginData pluginData;

  @Activate
  public VerifiedPipeline(
      @Reference PluginInspector inspector,
      @Reference Catalogs catalogs,
      @Reference PluginPolicy policy,
      @Reference PluginApprovals approvals,
      @Reference GatewayEvents events,
      @Reference DataDirectory data,
      @Reference PluginData pluginData,
      BundleContext context) {
    this.checks = new Checks(inspector);
    this.catalogs = catalogs;
    this.policy = policy;
    this.approvals = approvals;
    this.events = events;
    this.pluginData = pluginData;
    this.context = context;
    this.store = new PluginStore(data);
    this.framework = new Framework(context);
    this.halt = new HaltPoints(context.getProperty(HaltPoints.PROPERTY));
    Path dataDir = Path.of(context.getProperty("tyrum.data"));
    Lockfile opened;
    Optional<LockfileException> failure = Optional.empty();
    try {
      opened = Lockfile.open(dataDir, data);
    } catch (LockfileException e) {
      // fail closed: nothing but the run set resolves, and every operation says why
      opened = null;
      failure = Optional.of(e);
    }
    this.lockfile = opened;
    this.unreadable = failure;
    this.gate = context.registerService(ResolverHookFactory.class, new ResolveGate(this::admitted), null);
    this.doors = new InstallDoors(context.getBundle(), this::installedAtConsole, this::installedByBundle, this::uninstalledElsewhere);
    context.addBundleListener(doors);
    this.background = Executors.newSingleThreadExecutor(r -> {
      Thread thread = new Thread(r, "tyrum-marketplace");
      thread.setDaemon(true);
      return thread;
    });
    background.execute(this::startUp);
  }

  @Deactivate
  void deactivate() {
    context.removeBundleListener(doors);
    background.shutdownNow();
    try {
      background.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ServiceRegistration<PluginLock> registration = ready;
    if (registration != null) {
      registration.unregister();
    }
    gate.unregister();
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  void bindScr(ServiceComponentRuntime runtime) {
    this.scr = runtime;
  }

  void unbindScr(ServiceComponentRuntime runtime) {
    if (this.scr == runtime) {
      this.scr = null;
    }
  }

  // --- the doors -----------------------------------------------------------------------------------

  @Override
  public Map<String, Object> install(InstallRequest request) {
    return install(request, request.file().isPresent() ? PluginOrigin.LOCAL : PluginOrigin.CATALOG);
  }

  @Override
  public Map<String, Object> install(InstallRequest request, String originKind) {
    return locked(() -> {
      String source = request.id().map(id -> id + request.version().map(v -> "@" + v).orElse(""))
          .orElseGet(() -> request.file().get().toString());
      try {
        if (request.id().isPresent()) {
          return installFromCatalog(request);
        }
        return installFromFile(request, originKind);
      } catch (GatewayException refusal) {
        throw refused(source, Optional.empty(), refusal);
      }
    });
  }

  private Map<String, Object> installFromCatalog(InstallRequest request) {
    CatalogEntry offered = catalogs.find(request.id().get(), request.version());
    if (offered.revoked().isPresent()) {
      throw new Refusal("revoked_version", 410, offered.id() + " " + offered.version() + " is revoked by its catalog: "
          + offered.revoked().get(), List.of("install another version: plugin:info " + offered.id() + " lists them"));
    }
    Verified verified = checks.verify(catalogs.fetch(offered), Optional.of(offered.size()), Optional.of(offered.sha256()));
    if (!verified.id().equals(offered.id()) || !verified.version().equals(offered.version())) {
      throw new Refusal("catalog_mismatch", 422, "the catalog lists " + offered.id() + " " + offered.version()
          + " but the jar is " + verified.id() + " " + verified.version(), List.of("report it to the catalog's publisher"));
    }
    return admit(verified, offered.origin(), Framework.location(verified.id()), request.grants(), request.approvalId(),
        request.actor(), Optional.empty());
  }

  private Map<String, Object> installFromFile(InstallRequest request, String originKind) {
    Path file = request.file().get().toAbsolutePath().normalize();
    requireLocalInstalls();
    Verified verified = checks.verify(Checks.read(file), Optional.empty(), request.sha256());
    PluginOrigin origin = new PluginOrigin(originKind, file.toString(), "");
    Optional<Locked> current = lockfile().locked(verified.id());
    if (current.isPresent() && current.get().entry().source().local()) {
      // a new jar for a plugin installed from a file (the deploy folder replaces jars in place)
      if (current.get().entry().sha256().equals(verified.sha256())) {
        return outcome(current.get(), Optional.empty());
      }
      return upgradeWith(current.get(), verified, origin, request.grants(), request.approvalId(), request.actor());
    }
    return admit(verified, origin, Framework.location(verified.id()), request.grants(), request.approvalId(),
        request.actor(), Optional.empty());
  }

  /** A bundle an operator installed with {@code installBundle} (a plain {@code felix:install}). */
  private void installedAtConsole(Bundle bundle) {
    operations.lock();
    try {
      if (lockfile == null || lockfile.atLocation(bundle.getLocation()).isPresent()) {
        return;
      }
      PluginOrigin origin = new PluginOrigin(PluginOrigin.CONSOLE, bundle.getLocation(), "");
      try {
        requireLocalInstalls();
        byte[] bytes = FrameworkBytes.read(bundle, Checks.MAX_JAR)
            .orElseThrow(() -> new Refusal("jar_too_large", 422, "the framework's copy of " + bundle.getLocation()
                + " cannot be read or is larger than " + Checks.MAX_JAR + " bytes", List.of()));
        Verified verified = checks.verify(bytes, Optional.empty(), Optional.empty());
        Map<String, Object> outcome = admit(verified, origin, bundle.getLocation(), List.of(), Optional.empty(), "console", Optional.of(bundle));
        System.out.println(consoleNote(outcome));
      } catch (GatewayException refusal) {
        GatewayException recorded = refused(bundle.getLocation(), Optional.of(bundle), refusal);
        System.out.println("error " + recorded.code() + ": " + recorded.getMessage()
            + recorded.details().stream().map(d -> "\n  " + d).reduce("", String::concat)
            + "\n  the bundle stays installed and never resolves; felix:uninstall " + bundle.getBundleId() + " removes it");
      } catch (IOException e) {
        refused(bundle.getLocation(), Optional.of(bundle),
            new Refusal("unreadable_bundle", 422, "cannot read the framework's copy of " + bundle.getLocation() + ": " + e.getMessage(), List.of()));
      }
    } finally {
      operations.unlock();
    }
  }

  private static String consoleNote(Map<String, Object> outcome) {
    String plugin = "plugin " + outcome.get("id") + " " + outcome.get("version");
    if ("pending_approval".equals(outcome.get("state"))) {
      return plugin + " is verified and waits for an operator: " + outcome.get("next");
    }
    return plugin + " is verified (sha256 " + outcome.get("sha256") + ") and starts";
  }

  /** A bundle another bundle installed: it never resolves, and the attempt is recorded. */
  private void installedByBundle(Bundle bundle, Bundle origin) {
    Map<String, Object> payload = failure(Framework.pluginId(bundle).orElse(""), "", bundle.getSymbolicName(),
        "installed_by_bundle", List.of("bundle " + origin.getSymbolicName() + " (" + origin.getBundleId()
            + ") installed it; only an operator or the marketplace may install bundles, so it never resolves"));
    payload.put("location", bundle.getLocation());
    events.record("plugin.lifecycle", payload);
  }

  /** A plugin uninstalled at the console ({@code felix:uninstall}) leaves the lockfile too. */
  private void uninstalledElsewhere(Bundle bundle) {
    if (lockfile == null || Framework.runSet(bundle)) {
      return;
    }
    operations.lock();
    try {
      lockfile.atLocation(bundle.getLocation()).ifPresent(l -> lockfile.update(l.id(), x -> Optional.empty()));
      digests.remove(bundle.getBundleId());
    } finally {
      operations.unlock();
    }
  }

  // --- admission: grants, approvals, store, lockfile, framework ---------------------------------------

  private Map<String, Object> admit(
      Verified verified,
      PluginOrigin origin,
      String location,
      List<String> grants,
      Optional<String> approvalId,
      String actor,
      Optional<Bundle> installed) {
    String id = verified.id();
    if (lockfile().locked(id).isPresent()) {
      throw new Refusal("already_installed", 409, "plugin " + id + " is installed already",
          List.of("plugin:upgrade " + id + " installs another version; plugin:uninstall " + id + " removes it"));
    }
    Optional<Bundle> other = framework.declaring(id).filter(b -> installed.isEmpty() || !b.equals(installed.get()));
    if (other.isPresent()) {
      throw new Refusal("already_installed", 409, "bundle " + other.get().getBundleId() + " (" + other.get().getLocation()
          + ") declares plugin " + id + " already", List.of("felix:uninstall " + other.get().getBundleId() + " removes it"));
    }
    requireRequested(id, verified.requested().keySet(), grants);
    Set<String> granted = new TreeSet<>(grants);
    List<Approver> approvers = new ArrayList<>();
    approvers.add(new Approver(actor, Instant.now(), "install"));
    int required = policy.rules().approversFor("install");
    if (PluginOrigin.DEPLOY.equals(origin.kind()) && !policy.rules().deployPreapproved()) {
      required = Math.max(required, 1);
    }
    Set<String> missing = new TreeSet<>(verified.requested().keySet());
    missing.removeAll(granted);
    if (!missing.isEmpty()) {
      required = Math.max(required, 1);
    }
    OperationRequest operation = new OperationRequest("install", id, verified.version(), verified.sha256(), verified.requestedPermissions());
    Optional<OperationApproval> pending = Optional.empty();
    if (required > 0) {
      OperationApproval approval = approvals.authorize(operation, required, approvalId);
      if (approval.state() == Approval.State.used) {
        granted.addAll(verified.requested().keySet());
        approval.approvers().forEach(a -> approvers.add(new Approver(a, Instant.now(), "approval " + approval.id())));
      } else {
        pending = Optional.of(approval);
      }
    }
    LockEntry entry = new LockEntry(id, verified.version(), verified.bundle(),
        pending.isPresent() ? LockEntry.State.pending_approval : LockEntry.State.enabled, origin, verified.sha256(),
        verified.bytes().length, List.copyOf(granted), verified.contracts(), approvers, Instant.now());
    store(verified);
    halt.reached("install.stored");
    Locked locked = new Locked(entry, location, verified.requested());
    lockfile().update(id, none -> Optional.of(locked));
    // recorded with the entry, before the framework has the bundle: a restart that installs the locked
    // jar from the store then finishes what the audit log already says was verified
    Map<String, Object> verifiedEvent = lifecycle(entry, "verified");
    verifiedEvent.put("actor", actor);
    verifiedEvent.put("source", origin.toJson());
    verifiedEvent.put("integrity_sha256", verified.sha256());
    verifiedEvent.put("granted", entry.granted());
    events.record("plugin.lifecycle", verifiedEvent);
    halt.reached("install.locked");
    Bundle bundle;
    try {
      bundle = installed.isPresent() ? installed.get() : framework.install(location, verified.bytes());
      halt.reached("install.installed");
    } catch (BundleException | RuntimeException e) {
      lockfile().update(id, l -> Optional.empty());
      deleteUnreferenced(verified.sha256());
      throw new Refusal("install_failed", 500, "the framework refused " + id + ": " + e.getMessage(), List.of());
    }
    if (pending.isPresent()) {
      Map<String, Object> event = lifecycle(entry, "pending_approval");
      event.put("missing", List.copyOf(missing));
      event.put("approval", pending.get().id());
      events.record("plugin.lifecycle", event);
      return outcome(locked, pending);
    }
    Optional<String> failure = installed.isPresent() ? startLater(bundle) : startNow(bundle);
    Map<String, Object> outcome = outcome(locked, Optional.empty());
    failure.ifPresent(why -> outcome.put("start_failure", why));
    return outcome;
  }

  /** Starts a bundle installed from the console after its install returns, not inside the framework's event. */
  private Optional<String> startLater(Bundle bundle) {
    background.execute(() -> startNow(bundle));
    return Optional.empty();
  }

  private Optional<String> startNow(Bundle bundle) {
    Optional<String> failure = framework.start(bundle);
    return failure.isPresent() ? failure : ComponentHealth.failure(Optional.ofNullable(scr), bundle);
  }

  // --- upgrade -------------------------------------------------------------------------------------

  @Override
  public Map<String, Object> upgrade(String id, Optional<String> version, List<String> grants, Optional<String> approvalId, String actor) {
    return locked(() -> {
      try {
        Locked current = lockfile().locked(id).orElseThrow(() -> unknown(id));
        if (!PluginOrigin.CATALOG.equals(current.entry().source().kind())) {
          throw new Refusal("not_from_catalog", 409, "plugin " + id + " was installed from " + current.entry().source().location()
              + ", not from a catalog", List.of("install its new jar the way it came: plugin:install FILE.jar, or replace it in deploy/"));
        }
        CatalogEntry offered = catalogs.find(id, version);
        if (offered.revoked().isPresent()) {
          throw new Refusal("revoked_version", 410, id + " " + offered.version() + " is revoked by its catalog: " + offered.revoked().get(), List.of());
        }
        if (offered.sha256().equals(current.entry().sha256())) {
          throw new Refusal("already_current", 409, "plugin " + id + " is at " + current.entry().version() + " already", List.of());
        }
        Verified verified = checks.verify(catalogs.fetch(offered), Optional.of(offered.size()), Optional.of(offered.sha256()));
        if (!verified.id().equals(id) || !verified.version().equals(offered.version())) {
          throw new Refusal("catalog_mismatch", 422, "the catalog lists " + id + " " + offered.version() + " but the jar is "
              + verified.id() + " " + verified.version(), List.of());
        }
        return upgradeWith(current, verified, offered.origin(), grants, approvalId, actor);
      } catch (GatewayException refusal) {
        throw refused(id + version.map(v -> "@" + v).orElse(""), Optional.empty(), refusal);
      }
    });
  }

  private Map<String, Object> upgradeWith(
      Locked current, Verified verified, PluginOrigin origin, List<String> grants, Optional<String> approvalId, String actor) {
    String id = current.id();
    if (!verified.id().equals(id)) {
      throw new Refusal("catalog_mismatch", 422, "the jar is plugin " + verified.id() + ", not " + id, List.of());
    }
    requireRequested(id, verified.requested().keySet(), grants);
    Set<String> granted = new TreeSet<>(current.entry().granted());
    granted.retainAll(verified.requested().keySet());
    granted.addAll(grants);
    Set<String> added = new TreeSet<>(verified.requested().keySet());
    added.removeAll(granted);
    Map<String, Object> difference = new LinkedHashMap<>(Contracts.difference(current.entry().contracts(), verified.contracts()));
    difference.put("added_permissions", List.copyOf(added));
    Set<String> dropped = new TreeSet<>(current.requested().keySet());
    dropped.removeAll(verified.requested().keySet());
    difference.put("removed_permissions", List.copyOf(dropped));
    boolean contractChanged = difference.entrySet().stream()
        .filter(e -> e.getKey().endsWith("_tools"))
        .anyMatch(e -> !((List<?>) e.getValue()).isEmpty());
    int required = policy.rules().approversFor("upgrade");
    if (!added.isEmpty() || contractChanged) {
      required = Math.max(required, 1);
    }
    if (PluginOrigin.DEPLOY.equals(origin.kind()) && !policy.rules().deployPreapproved()) {
      required = Math.max(required, 1);
    }
    List<Approver> approvers = new ArrayList<>();
    approvers.add(new Approver(actor, Instant.now(), "upgrade"));
    LockEntry.State state = current.entry().state() == LockEntry.State.disabled ? LockEntry.State.disabled : LockEntry.State.enabled;
    if (required > 0) {
      OperationRequest operation = new OperationRequest("upgrade", id, verified.version(), verified.sha256(), verified.requestedPermissions());
      OperationApproval approval = approvals.authorize(operation, required, approvalId);
      if (approval.state() != Approval.State.used) {
        store(verified);
        LockEntry next = nextEntry(current, verified, origin, granted, approvers, state);
        lockfile().update(id, l -> l.map(x -> x.withHeld(Optional.of(new Held(next, verified.requested(), approval.id(), difference)))));
        Map<String, Object> event = lifecycle(current.entry(), "upgrade_held");
        event.put("to_version", verified.version());
        event.put("difference", difference);
        event.put("approval", approval.id());
        event.put("actor", actor);
        events.record("plugin.lifecycle", event);
        Map<String, Object> outcome = outcome(lockfile().locked(id).get(), Optional.of(approval));
        outcome.put("state", "upgrade_held");
        outcome.put("difference", difference);
        return outcome;
      }
      granted.addAll(verified.requested().keySet());
      approval.approvers().forEach(a -> approvers.add(new Approver(a, Instant.now(), "approval " + approval.id())));
    }
    LockEntry next = nextEntry(current, verified, origin, granted, approvers, state);
    store(verified);
    return performUpgrade(current, next, verified.requested(), verified.bytes(), difference, actor);
  }

  private static LockEntry nextEntry(Locked current, Verified verified, PluginOrigin origin, Set<String> granted,
      List<Approver> approvers, LockEntry.State state) {
    // the MCP tool pins go with the plugin: a new version's server is held to what the operator approved
    return new LockEntry(current.id(), verified.version(), verified.bundle(), state, origin, verified.sha256(),
        verified.bytes().length, List.copyOf(granted), verified.contracts(), approvers, Instant.now(), current.entry().mcpTools());
  }

  /** Replaces the running version; one that does not start is rolled back to the version it replaced. */
  private Map<String, Object> performUpgrade(
      Locked current, LockEntry next, Map<String, String> requested, byte[] bytes, Map<String, Object> difference, String actor) {
    String id = current.id();
    Bundle bundle = framework.at(current.location()).orElseThrow(() -> new Refusal("not_installed", 409,
        "plugin " + id + " has no bundle at " + current.location(), List.of("plugin:verify says what is wrong; restart the gateway to repair it")));
    // pins written while the upgrade was held for approval are the ones it keeps
    LockEntry pinned = McpPins.withPins(next, lockfile().entry(id).map(LockEntry::mcpTools).orElse(next.mcpTools()));
    lockfile().update(id, l -> Optional.of(current.upgradedTo(pinned, requested, current.entry())));
    halt.reached("upgrade.locked");
    Optional<String> failure;
    try {
      framework.update(bundle, bytes);
      halt.reached("upgrade.updated");
      failure = next.state() == LockEntry.State.enabled ? startNow(bundle) : Optional.empty();
    } catch (BundleException | RuntimeException e) {
      failure = Optional.of(String.valueOf(e.getMessage()));
    }
    if (failure.isPresent()) {
      rollBack(current, bundle, next, failure.get());
      deleteUnreferenced(next.sha256()); // a failed upgrade leaves no trace but its events
      throw new Refusal("upgrade_failed", 422, "plugin " + id + " " + next.version() + " did not start, so "
          + current.entry().version() + " is back in service", List.of(failure.get()));
    }
    halt.reached("upgrade.started");
    // recorded while the lockfile still names the previous version: a crash before it is cleared makes
    // the restart record the upgrade once more (finishUpgrades), never not at all
    Map<String, Object> event = lifecycle(next, "upgraded");
    event.put("from_version", current.entry().version());
    event.put("difference", difference);
    event.put("actor", actor);
    events.record("plugin.lifecycle", event);
    lockfile().update(id, l -> l.map(x -> x.withPrevious(Optional.empty())));
    deleteUnreferenced(current.entry().sha256());
    return outcome(lockfile().locked(id).get(), Optional.empty());
  }

  /**
   * Puts the version an upgrade replaced back into the framework, and only then into the lockfile: a crash
   * before the framework holds it again leaves the failed version with its previous one in the lockfile,
   * which the next start tries and rolls back again; a crash after, the previous bytes, which it returns to.
   */
  private void rollBack(Locked current, Bundle bundle, LockEntry failed, String why) {
    try {
      byte[] old = store.read(current.entry().sha256()).orElseThrow(() -> new IOException("the store lost " + current.entry().sha256()));
      framework.update(bundle, old);
      halt.reached("rollback.updated");
      if (current.entry().state() == LockEntry.State.enabled) {
        startNow(bundle);
      }
    } catch (IOException | BundleException | RuntimeException e) {
      events.record("plugin.lifecycle", failure(current.id(), current.entry().version(), current.entry().bundle(),
          "rollback_failed", List.of(String.valueOf(e.getMessage()))));
    }
    Map<String, Object> event = lifecycle(current.entry(), "rolled_back");
    event.put("from_version", failed.version());
    event.put("reason", "start_failed");
    event.put("details", List.of(why));
    events.record("plugin.lifecycle", event);
    lockfile().update(current.id(), l -> Optional.of(new Locked(current.entry(), current.location(), current.requested())));
  }

  // --- uninstall, enable, disable, grant, revoke -----------------------------------------------------

  @Override
  public Map<String, Object> uninstall(String id, boolean purge, String actor) {
    return locked(() -> {
      Optional<Locked> locked = lockfile().locked(id);
      Optional<Bundle> bundle = locked.flatMap(l -> framework.at(l.location())).or(() -> framework.declaring(id));
      if (locked.isEmpty() && bundle.isEmpty()) {
        throw unknown(id);
      }
      if (locked.isPresent()) {
        lockfile().update(id, l -> Optional.empty());
      }
      halt.reached("uninstall.locked");
      boolean refreshed = true;
      if (bundle.isPresent()) {
        try {
          refreshed = framework.uninstall(bundle.get());
          halt.reached("uninstall.uninstalled");
        } catch (BundleException e) {
          throw new Refusal("uninstall_failed", 500, "the framework could not uninstall " + id + ": " + e.getMessage(), List.of());
        }
      }
      if (purge && locked.isPresent()) {
        deleteUnreferenced(locked.get().entry().sha256());
        locked.get().held().ifPresent(h -> deleteUnreferenced(h.entry().sha256()));
      }
      Map<String, Object> outcome = new LinkedHashMap<>();
      outcome.put("id", id);
      outcome.put("state", "uninstalled");
      outcome.put("purged", purge);
      if (purge) {
        // The bundle has stopped, so its private store is closed; the data goes only now.
        try {
          outcome.put("data_deleted", pluginData.purge(id));
        } catch (RuntimeException e) {
          outcome.put("data_deleted", false);
          outcome.put("purge_failure", String.valueOf(e.getMessage()));
        }
      }
      outcome.put("refreshed", refreshed);
      return outcome;
    });
  }

  @Override
  public Map<String, Object> enable(String id, Optional<String> approvalId, String actor) {
    return locked(() -> {
      Locked current = lockfile().locked(id).orElseThrow(() -> unknown(id));
      LockEntry entry = current.entry();
      switch (entry.state()) {
        case revoked -> throw new Refusal("revoked_version", 410, id + " " + entry.version() + " is revoked by its catalog",
            List.of("upgrade it to a version that is not: plugin:upgrade " + id));
        case pending_approval -> throw new Refusal("pending_approval", 409, id + " waits for grants or an approval",
            List.of(nextStep(current, Optional.empty())));
        default -> { }
      }
      int required = policy.rules().approversFor("enable");
      List<Approver> approvers = new ArrayList<>(entry.approvedBy());
      approvers.add(new Approver(actor, Instant.now(), "enable"));
      if (required > 0 && entry.state() == LockEntry.State.disabled) {
        OperationRequest operation = new OperationRequest("enable", id, entry.version(), entry.sha256(), sorted(entry.granted()));
        OperationApproval approval = approvals.authorize(operation, required, approvalId);
        if (approval.state() != Approval.State.used) {
          Map<String, Object> outcome = outcome(current, Optional.of(approval));
          outcome.put("state", "disabled");
          return outcome;
        }
      }
      LockEntry enabled = with(entry, LockEntry.State.enabled, entry.granted(), approvers);
      lockfile().update(id, l -> l.map(x -> x.with(enabled)));
      Optional<String> failure = framework.at(current.location()).flatMap(this::startNow);
      Map<String, Object> event = lifecycle(enabled, "enabled");
      event.put("actor", actor);
      events.record("plugin.lifecycle", event);
      Map<String, Object> outcome = outcome(lockfile().locked(id).get(), Optional.empty());
      failure.ifPresent(why -> outcome.put("start_failure", why));
      return outcome;
    });
  }

  @Override
  public Map<String, Object> disable(String id, String actor) {
    return disable(id, actor, Map.of());
  }

  @Override
  public Map<String, Object> disable(String id, String actor, String reason, Map<String, Object> facts) {
    Map<String, Object> cause = new LinkedHashMap<>(facts);
    cause.put("reason", reason);
    return disable(id, actor, cause);
  }

  /** Disables plugin {@code id}; {@code cause} (a reason and its facts) goes into the event. */
  private Map<String, Object> disable(String id, String actor, Map<String, Object> cause) {
    return locked(() -> {
      Locked current = lockfile().locked(id).orElseThrow(() -> unknown(id));
      LockEntry entry = current.entry();
      if (entry.state() == LockEntry.State.enabled) {
        LockEntry disabled = with(entry, LockEntry.State.disabled, entry.granted(), entry.approvedBy());
        lockfile().update(id, l -> l.map(x -> x.with(disabled)));
        framework.at(current.location()).ifPresent(framework::stop);
        Map<String, Object> event = lifecycle(disabled, "disabled");
        event.put("actor", actor);
        event.putAll(cause);
        events.record("plugin.lifecycle", event);
      }
      return outcome(lockfile().locked(id).get(), Optional.empty());
    });
  }

  @Override
  public Map<String, Object> grant(String id, List<String> permissions, String actor) {
    return locked(() -> {
      Locked current = lockfile().locked(id).orElseThrow(() -> unknown(id));
      requireRequested(id, current.requested().keySet(), permissions);
      Set<String> granted = new TreeSet<>(current.entry().granted());
      granted.addAll(permissions);
      List<Approver> approvers = new ArrayList<>(current.entry().approvedBy());
      approvers.add(new Approver(actor, Instant.now(), "grant " + String.join(" ", permissions)));
      LockEntry.State state = current.entry().state();
      boolean complete = granted.containsAll(current.requested().keySet());
      if (state == LockEntry.State.pending_approval && complete && approvalsNeededToInstall(current) == 0) {
        state = LockEntry.State.enabled;
      }
      LockEntry next = with(current.entry(), state, List.copyOf(granted), approvers);
      lockfile().update(id, l -> l.map(x -> x.with(next)));
      Map<String, Object> event = lifecycle(next, "permission_granted");
      event.put("permissions", List.copyOf(permissions));
      event.put("actor", actor);
      events.record("plugin.lifecycle", event);
      Map<String, Object> outcome;
      if (state == LockEntry.State.enabled && current.entry().state() == LockEntry.State.pending_approval) {
        Optional<String> failure = framework.at(current.location()).flatMap(this::startNow);
        outcome = outcome(lockfile().locked(id).get(), Optional.empty());
        failure.ifPresent(why -> outcome.put("start_failure", why));
      } else {
        outcome = outcome(lockfile().locked(id).get(), Optional.empty());
      }
      return outcome;
    });
  }

  @Override
  public Map<String, Object> revoke(String id, List<String> permissions, String actor) {
    return locked(() -> {
      Locked current = lockfile().locked(id).orElseThrow(() -> unknown(id));
      Set<String> notGranted = new TreeSet<>(permissions);
      notGranted.removeAll(current.entry().granted());
      if (!notGranted.isEmpty()) {
        throw new Refusal("not_granted", 422, "plugin " + id + " does not hold " + String.join(", ", notGranted),
            List.of("plugin:info " + id + " lists what it holds"));
      }
      Set<String> granted = new TreeSet<>(current.entry().granted());
      granted.removeAll(permissions);
      LockEntry.State state = current.entry().state() == LockEntry.State.enabled ? LockEntry.State.pending_approval : current.entry().state();
      LockEntry next = with(current.entry(), state, List.copyOf(granted), current.entry().approvedBy());
      lockfile().update(id, l -> l.map(x -> x.with(next)));
      framework.at(current.location()).ifPresent(framework::stop);
      Map<String, Object> event = lifecycle(next, "permission_revoked");
      event.put("permissions", List.copyOf(permissions));
      event.put("actor", actor);
      events.record("plugin.lifecycle", event);
      return outcome(lockfile().locked(id).get(), Optional.empty());
    });
  }

  private int approvalsNeededToInstall(Locked locked) {
    int required = policy.rules().approversFor("install");
    if (PluginOrigin.DEPLOY.equals(locked.entry().source().kind()) && !policy.rules().deployPreapproved()) {
      required = Math.max(required, 1);
    }
    return required;
  }

  // --- approvals decided: continue what waited for them --------------------------------------------

  @Override
  public void handleEvent(Event event) {
    if (!background.isShutdown()) {
      background.execute(() -> {
        try {
          continueApproved();
        } catch (RuntimeException e) {
          // the operation stays pending, and its refusal was recorded where it arose
        }
      });
    }
  }

  /** Installs and upgrades whose approval has now been granted by enough operators go ahead. */
  void continueApproved() {
    if (lockfile == null) {
      return;
    }
    List<OperationApproval> approved = approvals.list().stream().filter(a -> a.state() == Approval.State.approved).toList();
    if (approved.isEmpty()) {
      return;
    }
    locked(() -> {
      for (Locked locked : lockfile.all()) {
        LockEntry entry = locked.entry();
        if (entry.state() == LockEntry.State.pending_approval) {
          OperationRequest operation = new OperationRequest("install", entry.id(), entry.version(), entry.sha256(), sorted(locked.requested().keySet()));
          for (OperationApproval approval : approved) {
            if (approval.operation().equals(operation)) {
              OperationApproval used = approvals.authorize(operation, approval.required(), Optional.of(approval.id()));
              if (used.state() == Approval.State.used) {
                List<Approver> approvers = new ArrayList<>(entry.approvedBy());
                used.approvers().forEach(a -> approvers.add(new Approver(a, Instant.now(), "approval " + used.id())));
                LockEntry enabled = with(entry, LockEntry.State.enabled, sorted(locked.requested().keySet()), approvers);
                lockfile.update(entry.id(), l -> l.map(x -> x.with(enabled)));
                Map<String, Object> event = lifecycle(enabled, "approved");
                event.put("approval", used.id());
                events.record("plugin.lifecycle", event);
                framework.at(locked.location()).ifPresent(this::startNow);
              }
              break;
            }
          }
        }
        if (locked.held().isPresent()) {
          Held held = locked.held().get();
          OperationRequest operation = new OperationRequest("upgrade", entry.id(), held.entry().version(), held.entry().sha256(),
              sorted(held.requested().keySet()));
          for (OperationApproval approval : approved) {
            if (approval.id().equals(held.approvalId()) && approval.operation().equals(operation)) {
              OperationApproval used = approvals.authorize(operation, approval.required(), Optional.of(approval.id()));
              if (used.state() == Approval.State.used) {
                List<Approver> approvers = new ArrayList<>(held.entry().approvedBy());
                used.approvers().forEach(a -> approvers.add(new Approver(a, Instant.now(), "approval " + used.id())));
                LockEntry next = with(held.entry(), held.entry().state(), sorted(held.requested().keySet()), approvers);
                try {
                  byte[] bytes = store.read(next.sha256()).orElseThrow(() -> new IOException("the store lost " + next.sha256()));
                  performUpgrade(locked.withHeld(Optional.empty()), next, held.requested(), bytes, held.difference(), "approval " + used.id());
                } catch (IOException | GatewayException e) {
                  events.record("plugin.lifecycle", failure(entry.id(), held.entry().version(), entry.bundle(), "upgrade_failed",
                      List.of(String.valueOf(e.getMessage()))));
                }
              }
              break;
            }
          }
        }
      }
      return null;
    });
  }

  // --- catalogs: search, info, verify --------------------------------------------------------------

  @Override
  public List<Map<String, Object>> search(String text) {
    return catalogs.search(text).stream().map(this::summary).toList();
  }

  @Override
  public Optional<Map<String, Object>> info(String id) {
    List<CatalogEntry> versions;
    try {
      versions = catalogs.versions(id);
    } catch (GatewayException e) {
      return Optional.empty();
    }
    if (versions.isEmpty()) {
      return Optional.empty();
    }
    CatalogEntry newest = versions.get(0);
    Map<String, Object> info = summary(newest);
    info.put("versions", versions.stream().map(v -> {
      Map<String, Object> version = new LinkedHashMap<>();
      version.put("version", v.version());
      version.put("sha256", v.sha256());
      version.put("size", v.size());
      version.put("key_id", v.origin().keyId());
      v.revoked().ifPresent(why -> version.put("revoked", why));
      return version;
    }).toList());
    info.put("capabilities", newest.capabilities().stream()
        .map(c -> Map.<String, Object>of("namespace", c.namespace(), "attributes", c.attributes())).toList());
    info.put("permissions", newest.permissions());
    lockfile().entry(id).ifPresent(e -> info.put("installed", e.toJson()));
    return Optional.of(info);
  }

  private Map<String, Object> summary(CatalogEntry entry) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", entry.id());
    json.put("version", entry.version());
    json.put("name", entry.name());
    json.put("description", entry.description());
    json.put("bundle", entry.bundle());
    json.put("sha256", entry.sha256());
    json.put("size", entry.size());
    json.put("source", entry.origin().toJson());
    json.put("permissions", entry.permissions());
    entry.revoked().ifPresent(why -> json.put("revoked", why));
    if (lockfile != null) {
      lockfile.entry(entry.id()).ifPresent(e -> json.put("installed_version", e.version()));
    }
    return json;
  }

  @Override
  public List<Map<String, Object>> verify() {
    return locked(() -> {
      List<Map<String, Object>> verdicts = new ArrayList<>();
      Set<Long> seen = new LinkedHashSet<>();
      for (Locked locked : lockfile().all()) {
        LockEntry entry = locked.entry();
        Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("id", entry.id());
        verdict.put("version", entry.version());
        verdict.put("integrity_sha256", entry.sha256());
        Optional<Bundle> bundle = framework.at(locked.location());
        bundle.ifPresent(b -> seen.add(b.getBundleId()));
        String result;
        List<String> details = new ArrayList<>();
        try {
          if (store.read(entry.sha256()).isEmpty()) {
            result = store.holds(entry.sha256()) ? "integrity_mismatch" : "missing_from_store";
            details.add(store.holds(entry.sha256()) ? "store/" + entry.sha256() + ".jar does not hash to its name" : "store/" + entry.sha256() + ".jar is missing");
          } else if (bundle.isEmpty()) {
            result = "not_installed";
            details.add("no bundle at " + locked.location());
          } else {
            Optional<String> held = digest(bundle.get());
            if (held.isEmpty() || !held.get().equals(entry.sha256())) {
              result = "integrity_mismatch";
              details.add("the framework holds " + held.orElse("no readable jar") + ", the lockfile says " + entry.sha256());
            } else {
              result = "ok";
            }
          }
        } catch (IOException e) {
          result = "unreadable";
          details.add(String.valueOf(e.getMessage()));
        }
        verdict.put("verdict", result);
        verdict.put("details", details);
        verdicts.add(verdict);
      }
      for (Bundle bundle : framework.others()) {
        if (!seen.contains(bundle.getBundleId()) && bundle.getState() != Bundle.UNINSTALLED) {
          Map<String, Object> verdict = new LinkedHashMap<>();
          verdict.put("id", Framework.pluginId(bundle).orElse(""));
          verdict.put("version", bundle.getVersion().toString());
          verdict.put("bundle", bundle.getSymbolicName());
          verdict.put("verdict", "not_in_lockfile");
          verdict.put("details", List.of("bundle " + bundle.getBundleId() + " at " + bundle.getLocation() + " is not verified and never resolves"));
          verdicts.add(verdict);
        }
      }
      return verdicts;
    });
  }

  // --- start-up: the framework brought in line with the lockfile ------------------------------------

  private void startUp() {
    try {
      if (lockfile != null) {
        locked(() -> {
          reconcile();
          return null;
        });
      } else {
        events.record("plugin.lifecycle", failure("", "", "", unreadable.get().code(), List.of(unreadable.get().getMessage())));
        System.out.println("gateway: " + unreadable.get().getMessage());
      }
    } catch (RuntimeException e) {
      System.out.println("gateway: the marketplace could not check the installed plugins: " + e.getMessage());
    } finally {
      ready = context.registerService(PluginLock.class, lockfile != null ? lockfile : new EmptyLock(), null);
    }
  }

  /** Brings the framework in line with the lockfile; see the class comment. */
  void reconcile() {
    boolean firstStart = !lockfile.exists();
    finishUpgrades();
    boolean adopted = false;
    for (Bundle bundle : framework.others()) {
      Optional<Locked> locked = lockfile.atLocation(bundle.getLocation());
      if (locked.isEmpty()) {
        if (firstStart && Framework.pluginId(bundle).isPresent()) {
          adopted |= adopt(bundle);
        } else if (bundle.getLocation().startsWith(Framework.LOCATION_PREFIX)) {
          dropUnlocked(bundle);
        } else {
          Map<String, Object> event = failure(Framework.pluginId(bundle).orElse(""), bundle.getVersion().toString(),
              String.valueOf(bundle.getSymbolicName()), "not_in_lockfile",
              List.of("bundle " + bundle.getBundleId() + " at " + bundle.getLocation() + " is not verified in the lockfile, so it"
                  + " does not resolve", "felix:uninstall " + bundle.getBundleId() + " removes it; plugin:install FILE.jar verifies a jar"));
          event.put("location", bundle.getLocation());
          events.record("plugin.lifecycle", event);
        }
      } else if (!digest(bundle).orElse("").equals(locked.get().entry().sha256())) {
        Map<String, Object> event = failure(locked.get().id(), locked.get().entry().version(), locked.get().entry().bundle(),
            "integrity_mismatch", List.of("the framework's copy of " + bundle.getLocation() + " is not the jar the lockfile names ("
                + locked.get().entry().sha256() + "); it does not resolve", "plugin:uninstall " + locked.get().id() + " and install it again"));
        events.record("plugin.lifecycle", event);
      }
    }
    for (Locked locked : lockfile.all()) {
      if (framework.at(locked.location()).isEmpty()) {
        reinstall(locked);
      }
    }
    if (firstStart) {
      if (!adopted) {
        seed();
      }
      lockfile.touch();
    }
    applyRevocations();
    List<Bundle> toStart = new ArrayList<>();
    for (Locked locked : lockfile.all()) {
      if (locked.entry().state() == LockEntry.State.enabled) {
        framework.at(locked.location()).filter(b -> b.getState() != Bundle.ACTIVE).ifPresent(toStart::add);
      }
    }
    framework.resolve(toStart);
    toStart.forEach(this::startNow);
  }

  /** An upgrade the process did not finish ends in the version the framework holds. */
  private void finishUpgrades() {
    for (Locked locked : lockfile.all()) {
      if (locked.previous().isEmpty()) {
        continue;
      }
      LockEntry previous = locked.previous().get();
      Optional<String> held = framework.at(locked.location()).flatMap(this::digest);
      if (held.isPresent() && held.get().equals(previous.sha256())) {
        Map<String, String> requested = store.holds(previous.sha256()) ? requestedOf(previous.sha256()) : locked.requested();
        lockfile.update(locked.id(), l -> Optional.of(new Locked(previous, locked.location(), requested)));
        deleteUnreferenced(locked.entry().sha256());
        Map<String, Object> event = lifecycle(previous, "rolled_back");
        event.put("from_version", locked.entry().version());
        event.put("reason", "interrupted");
        events.record("plugin.lifecycle", event);
      } else {
        Optional<Bundle> bundle = framework.at(locked.location());
        if (bundle.isPresent() && held.isPresent() && held.get().equals(locked.entry().sha256())
            && locked.entry().state() == LockEntry.State.enabled && store.holds(previous.sha256())) {
          // the new version is kept only if it starts, as the upgrade the crash interrupted would have
          Optional<String> failure = framework.awaitFrameworkStarted() ? startNow(bundle.get())
              : Optional.of("the framework did not finish starting");
          if (failure.isPresent()) {
            rollBack(new Locked(previous, locked.location(), requestedOf(previous.sha256())), bundle.get(), locked.entry(), failure.get());
            continue;
          }
        }
        lockfile.update(locked.id(), l -> l.map(x -> x.withPrevious(Optional.empty())));
        deleteUnreferenced(previous.sha256());
        Map<String, Object> event = lifecycle(locked.entry(), "upgraded");
        event.put("from_version", previous.version());
        event.put("reason", "interrupted");
        events.record("plugin.lifecycle", event);
      }
    }
  }

  private Map<String, String> requestedOf(String sha256) {
    try {
      return store.read(sha256).map(bytes -> checks.verify(bytes, Optional.empty(), Optional.of(sha256)).requested()).orElse(Map.of());
    } catch (IOException | GatewayException e) {
      return Map.of();
    }
  }

  /** A plugin bundle of a data dir from before the lockfile: verified like a console install, keeping what it requests. */
  private boolean adopt(Bundle bundle) {
    try {
      byte[] bytes = FrameworkBytes.read(bundle, Checks.MAX_JAR).orElseThrow(() -> new IOException("no readable copy"));
      Verified verified = checks.verify(bytes, Optional.empty(), Optional.empty());
      admit(verified, new PluginOrigin(PluginOrigin.CONSOLE, bundle.getLocation(), ""), bundle.getLocation(),
          verified.requestedPermissions(), Optional.empty(), "adopted at the first start with a lockfile", Optional.of(bundle));
      return true;
    } catch (IOException | GatewayException e) {
      dropUnlocked(bundle);
      return false;
    }
  }

  /**
   * A bundle at the pipeline's own location that the lockfile does not hold: a crash came after the
   * framework installed it and before its entry was written, or after the entry was removed.
   */
  private void dropUnlocked(Bundle bundle) {
    Map<String, Object> event = failure(Framework.pluginId(bundle).orElse(""), bundle.getVersion().toString(),
        String.valueOf(bundle.getSymbolicName()), "not_in_lockfile",
        List.of("bundle " + bundle.getBundleId() + " at " + bundle.getLocation() + " was not verified into the lockfile; it is uninstalled"));
    event.put("location", bundle.getLocation());
    events.record("plugin.lifecycle", event);
    try {
      framework.uninstall(bundle);
    } catch (BundleException | IllegalStateException e) {
      // it stays installed, and the gate keeps it from resolving
    }
  }

  private void reinstall(Locked locked) {
    try {
      Optional<byte[]> bytes = store.read(locked.entry().sha256());
      if (bytes.isEmpty()) {
        events.record("plugin.lifecycle", failure(locked.id(), locked.entry().version(), locked.entry().bundle(), "missing_from_store",
            List.of("store/" + locked.entry().sha256() + ".jar is missing or damaged; install the plugin again")));
        return;
      }
      framework.install(locked.location(), bytes.get());
    } catch (IOException | BundleException e) {
      events.record("plugin.lifecycle", failure(locked.id(), locked.entry().version(), locked.entry().bundle(), "install_failed",
          List.of(String.valueOf(e.getMessage()))));
    }
  }

  /**
   * The first start of a data dir installs the catalog's plugins (the bundled catalog's examples)
   * through the pipeline, granting what they request: the operator chose to run this distribution.
   */
  private void seed() {
    try {
      catalogs.refresh();
    } catch (RuntimeException e) {
      return;
    }
    Set<String> ids = new TreeSet<>();
    catalogs.entries().forEach(e -> ids.add(e.id()));
    for (String id : ids) {
      try {
        CatalogEntry offered = catalogs.find(id, Optional.empty());
        List<String> grants = offered.permissions().stream().map(p -> LockEntry.permission(p.get("class"), p.get("target"))).toList();
        installFromCatalog(InstallRequest.catalog(id, Optional.empty(), grants, "first start"));
      } catch (GatewayException refusal) {
        refused(id, Optional.empty(), refusal);
        System.out.println("gateway: plugin " + id + " not installed: " + refusal.code() + ": " + refusal.getMessage());
      }
    }
  }

  /** Installed versions that a catalog now revokes stop, and stay stopped. */
  private void applyRevocations() {
    for (Locked locked : lockfile.all()) {
      LockEntry entry = locked.entry();
      if (!PluginOrigin.CATALOG.equals(entry.source().kind()) || entry.state() == LockEntry.State.revoked) {
        continue;
      }
      Optional<String> why;
      try {
        why = catalogs.versions(entry.id()).stream()
            .filter(v -> v.version().equals(entry.version()) && v.sha256().equals(entry.sha256()))
            .findFirst()
            .flatMap(CatalogEntry::revoked);
      } catch (GatewayException e) {
        continue;
      }
      if (why.isPresent()) {
        LockEntry revoked = with(entry, LockEntry.State.revoked, entry.granted(), entry.approvedBy());
        lockfile.update(entry.id(), l -> l.map(x -> x.with(revoked)));
        framework.at(locked.location()).ifPresent(framework::stop);
        Map<String, Object> event = lifecycle(revoked, "revoked");
        event.put("reason", "revoked");
        event.put("details", List.of(why.get()));
        events.record("plugin.lifecycle", event);
      }
    }
  }

  /** Checks the catalogs for revocations now (after a refresh of the sources). */
  @Override
  public void revocationsChanged() {
    locked(() -> {
      if (lockfile != null) {
        applyRevocations();
      }
      return null;
    });
  }

  // --- the gate ------------------------------------------------------------------------------------

  /** Whether {@code revision} may resolve: the run set, or verified in the lockfile and not held. */
  boolean admitted(BundleRevision revision) {
    Bundle bundle = revision.getBundle();
    if (Framework.runSet(bundle)) {
      return true;
    }
    if (lockfile == null) {
      return false;
    }
    Optional<Locked> locked = lockfile.atLocation(bundle.getLocation());
    if (locked.isEmpty()) {
      return false;
    }
    LockEntry entry = locked.get().entry();
    if (entry.state() == LockEntry.State.pending_approval || entry.state() == LockEntry.State.revoked) {
      return false;
    }
    // during an upgrade its previous version is verified too: a rollback puts it back before the lockfile names it
    Optional<String> previous = locked.get().previous().map(LockEntry::sha256);
    return digest(bundle).map(d -> d.equals(entry.sha256()) || previous.map(d::equals).orElse(false)).orElse(false);
  }

  /** The SHA-256 of the bytes the framework holds for the bundle's current revision, cached per revision. */
  Optional<String> digest(Bundle bundle) {
    String modified = String.valueOf(bundle.getLastModified());
    String[] cached = digests.get(bundle.getBundleId());
    if (cached != null && cached[0].equals(modified)) {
      return Optional.of(cached[1]);
    }
    try {
      Optional<byte[]> bytes = FrameworkBytes.read(bundle, Checks.MAX_JAR);
      if (bytes.isEmpty()) {
        return Optional.empty();
      }
      String sha256 = PluginStore.sha256(bytes.get());
      digests.put(bundle.getBundleId(), new String[] {modified, sha256});
      return Optional.of(sha256);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  // --- helpers -------------------------------------------------------------------------------------

  private Lockfile lockfile() {
    if (lockfile == null) {
      throw new Refusal(unreadable.get().code(), 503, unreadable.get().getMessage(), List.of());
    }
    return lockfile;
  }

  private void requireLocalInstalls() {
    if (!policy.rules().localInstalls()) {
      throw new Refusal("local_installs_disabled", 403, "policy does not allow installing plugins from local files",
          List.of("install from a trusted catalog (plugin:install ID), or set plugins.local_installs: true in the deployment policy"));
    }
  }

  private static void requireRequested(String id, Set<String> requested, List<String> grants) {
    List<String> unknown = grants.stream().filter(g -> !requested.contains(g)).toList();
    if (!unknown.isEmpty()) {
      throw new Refusal("not_requested", 422, "plugin " + id + " does not request " + String.join(", ", unknown),
          requested.isEmpty() ? List.of("it requests no permission")
              : List.of("it requests: " + String.join(", ", new TreeSet<>(requested))));
    }
  }

  private void store(Verified verified) {
    try {
      store.put(verified.sha256(), verified.bytes());
    } catch (IOException e) {
      throw new Refusal("store_write_failed", 500, "cannot store the verified jar: " + e.getMessage(),
          List.of("check the disk and the data dir's store/ folder"));
    }
  }

  private void deleteUnreferenced(String sha256) {
    if (lockfile == null) {
      return;
    }
    boolean referenced = lockfile.all().stream().anyMatch(l -> l.entry().sha256().equals(sha256)
        || l.previous().map(p -> p.sha256().equals(sha256)).orElse(false)
        || l.held().map(h -> h.entry().sha256().equals(sha256)).orElse(false));
    if (!referenced) {
      try {
        store.delete(sha256);
      } catch (IOException e) {
        // an unreferenced jar stays in the store; it is never loaded
      }
    }
  }

  private static LockEntry with(LockEntry entry, LockEntry.State state, List<String> granted, List<Approver> approvers) {
    return new LockEntry(entry.id(), entry.version(), entry.bundle(), state, entry.source(), entry.sha256(), entry.size(),
        sorted(granted), entry.contracts(), approvers, entry.installedAt(), entry.mcpTools());
  }

  @Override
  public LockEntry pin(String pluginId, String serverId, Map<String, String> tools, String actor) {
    McpPins.check(serverId, tools);
    return locked(() -> {
      lockfile().locked(pluginId).orElseThrow(() -> unknown(pluginId));
      lockfile().update(pluginId, l -> l.map(x -> x.with(McpPins.pinned(x.entry(), serverId, tools, actor))));
      return lockfile().entry(pluginId).orElseThrow();
    });
  }

  private static List<String> sorted(java.util.Collection<String> values) {
    return values.stream().sorted().distinct().toList();
  }

  private Map<String, Object> outcome(Locked locked, Optional<OperationApproval> approval) {
    LockEntry entry = locked.entry();
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("id", entry.id());
    outcome.put("version", entry.version());
    String state = switch (entry.state()) {
      case pending_approval -> "pending_approval";
      case disabled -> "disabled";
      case revoked -> "revoked";
      case enabled -> framework.at(locked.location()).map(b -> b.getState() == Bundle.ACTIVE ? "loaded" : "installed").orElse("installed");
    };
    outcome.put("state", state);
    outcome.put("sha256", entry.sha256());
    outcome.put("size", entry.size());
    outcome.put("source", entry.source().toJson());
    outcome.put("requested", locked.requested().entrySet().stream()
        .map(e -> Map.<String, Object>of("permission", e.getKey(), "reason", e.getValue())).toList());
    outcome.put("granted", entry.granted());
    Set<String> missing = new TreeSet<>(locked.requested().keySet());
    missing.removeAll(entry.granted());
    outcome.put("missing", List.copyOf(missing));
    approval.ifPresent(a -> {
      outcome.put("approval", a.id());
      outcome.put("approvals_required", a.required());
      outcome.put("approvers", a.approvers());
    });
    if (entry.state() == LockEntry.State.pending_approval || approval.isPresent()) {
      outcome.put("next", nextStep(locked, approval));
    }
    return outcome;
  }

  private static String nextStep(Locked locked, Optional<OperationApproval> approval) {
    String id = locked.id();
    Set<String> missing = new TreeSet<>(locked.requested().keySet());
    missing.removeAll(locked.entry().granted());
    List<String> steps = new ArrayList<>();
    if (!missing.isEmpty()) {
      steps.add("plugin:grant " + id + " " + String.join(" ", missing.stream().map(m -> m).toList()));
    }
    approval.ifPresent(a -> steps.add("approval:approve " + a.id()
        + (a.required() > 1 ? " (by " + a.required() + " distinct operators)" : "")));
    return steps.isEmpty() ? "plugin:info " + id : String.join(", or ", steps);
  }

  private Refusal unknown(String id) {
    return new Refusal("unknown_plugin", 404, "no plugin " + id + " is installed", List.of("plugin:list shows the installed plugins"));
  }

  /** Records the {@code failed} event every refusal of an install leaves, and returns the refusal. */
  private GatewayException refused(String source, Optional<Bundle> bundle, GatewayException refusal) {
    Map<String, Object> payload = failure(bundle.flatMap(Framework::pluginId).orElse(""),
        bundle.map(b -> b.getVersion().toString()).orElse(""), bundle.map(b -> String.valueOf(b.getSymbolicName())).orElse(""),
        refusal.code(), refusal.details());
    payload.put("source", source);
    bundle.ifPresent(b -> payload.put("location", b.getLocation()));
    try {
      events.record("plugin.lifecycle", payload);
    } catch (RuntimeException e) {
      refusal.addSuppressed(e);
    }
    return refusal;
  }

  private static Map<String, Object> failure(String id, String version, String bundle, String reason, List<String> details) {
    Map<String, Object> plugin = new LinkedHashMap<>();
    plugin.put("id", id);
    plugin.put("version", version);
    plugin.put("bundle", bundle);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", plugin);
    payload.put("kind", "failed");
    payload.put("reason", reason);
    payload.put("details", details);
    return payload;
  }

  private static Map<String, Object> lifecycle(LockEntry entry, String kind) {
    Map<String, Object> plugin = new LinkedHashMap<>();
    plugin.put("id", entry.id());
    plugin.put("version", entry.version());
    plugin.put("bundle", entry.bundle());
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("plugin", plugin);
    payload.put("kind", kind);
    return payload;
  }

  private <T> T locked(java.util.function.Supplier<T> operation) {
    operations.lock();
    try {
      return operation.get();
    } finally {
      operations.unlock();
    }
  }

  /** What the launcher sees when the lockfile cannot be read: no plugin is installed. */
  private static final class EmptyLock implements PluginLock {
    @Override
    public List<LockEntry> entries() {
      return List.of();
    }

    @Override
    public Optional<LockEntry> entry(String id) {
      return Optional.empty();
    }
  }
}
