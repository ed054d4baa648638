package ai.tyrum.gateway.core.extender;

import ai.tyrum.gateway.core.config.PluginConfigs;
import ai.tyrum.gateway.core.manifest.BundlePluginSource;
import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginRegistry;
import ai.tyrum.gateway.core.registry.PluginState;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.namespace.extender.ExtenderNamespace;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

/**
 * The {@code tyrum.plugin} extender (OSGi Core 10, extender pattern as SCR does it): tracks every bundle
 * that declares a {@code tyrum.plugin} capability, validates its manifest as soon as it is installed
 * (before it can resolve), feeds the registry, and through a resolver hook keeps a refused plugin from
 * resolving at all, so that none of its classes ever load.
 */
@Component(immediate = true, service = PluginExtender.class)
@Capability(namespace = ExtenderNamespace.EXTENDER_NAMESPACE, name = "tyrum.plugin", version = "1.0.0")
public final class PluginExtender implements BundleTrackerCustomizer<Bundle>, ResolverHookFactory {

  private static final int TRACKED =
      Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;

  @Reference PluginRegistry registry;
  @Reference PluginInspection inspection;
  @Reference PluginConfigs configs;

  private Bundle self;
  private BundleTracker<Bundle> tracker;
  private ServiceRegistration<ResolverHookFactory> hook;
  private final AtomicBoolean scanned = new AtomicBoolean();

  @Activate
  void activate(BundleContext context) {
    self = context.getBundle();
    hook = context.registerService(ResolverHookFactory.class, this, null);
    tracker = new BundleTracker<>(context, TRACKED, this);
    tracker.open();
    scanned.set(true);
  }

  @Deactivate
  void deactivate() {
    scanned.set(false);
    tracker.close();
    hook.unregister();
  }

  /** Whether every bundle present at activation has been read. */
  public boolean scanned() {
    return scanned.get();
  }

  @Override
  public Bundle addingBundle(Bundle bundle, BundleEvent event) {
    if (bundle.getBundleId() == 0 || bundle.equals(self)) {
      return null;
    }
    boolean fresh = event != null && event.getType() == BundleEvent.INSTALLED;
    if (!examine(bundle, fresh)) {
      return null;
    }
    follow(bundle);
    return bundle;
  }

  @Override
  public void modifiedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
    if (event != null && (event.getType() == BundleEvent.UPDATED || event.getType() == BundleEvent.UNRESOLVED)) {
      examine(bundle, false);
    }
    follow(bundle);
  }

  @Override
  public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
    if (bundle.getState() == Bundle.UNINSTALLED) {
      registry.uninstalled(bundle);
    } else {
      registry.unloaded(bundle);
    }
  }

  /** Validates the bundle's current revision; false when it is not a plugin. */
  private boolean examine(Bundle bundle, boolean fresh) {
    try {
      Optional<ValidatedPlugin> plugin = inspection.validate(bundle);
      if (plugin.isEmpty()) {
        return false;
      }
      // a plugin loads only with a valid config (DESIGN §3); refused like a bad manifest until fixed
      List<String> invalid = configs.problems(plugin.get());
      if (!invalid.isEmpty()) {
        registry.refusedConfig(bundle, plugin.get(), invalid, fresh);
        return true;
      }
      registry.accepted(bundle, plugin.get(), fresh);
      configs.deliver(bundle, plugin.get());
    } catch (ManifestException refusal) {
      registry.refused(bundle, PluginInspection.declaredId(new BundlePluginSource(bundle)), refusal, fresh);
    }
    return true;
  }

  /**
   * Examines a known plugin bundle again, after a config write fixed what refused it, and starts it
   * once accepted: the resolver hook let nothing of it resolve while it was refused.
   */
  public void reexamine(Bundle bundle) {
    if (!examine(bundle, false)) {
      return;
    }
    Optional<PluginRecord> record = registry.plugin(bundle.getBundleId());
    if (record.isEmpty() || record.get().state() == PluginState.failed) {
      return;
    }
    try {
      self.getBundleContext().getBundle(0).adapt(FrameworkWiring.class).resolveBundles(List.of(bundle));
      bundle.start();
    } catch (BundleException | IllegalStateException e) {
      registry.failedAtRuntime(bundle, "start_failed", List.of("the plugin did not start: " + e.getMessage()));
      return;
    }
    follow(bundle);
  }

  /** Moves the registry along with the bundle's state. */
  private void follow(Bundle bundle) {
    Optional<PluginRecord> record = registry.plugin(bundle.getBundleId());
    if (record.isEmpty() || record.get().state() == PluginState.failed) {
      return;
    }
    if (bundle.getState() == Bundle.ACTIVE) {
      if (wiredToUs(bundle)) {
        registry.loaded(bundle);
      }
    } else {
      registry.unloaded(bundle);
    }
  }

  /** Only plugins wired to this extender are ours to serve (another extender may claim others). */
  private boolean wiredToUs(Bundle bundle) {
    BundleWiring wiring = bundle.adapt(BundleWiring.class);
    if (wiring == null) {
      return false;
    }
    return wiring.getRequiredWires(ExtenderNamespace.EXTENDER_NAMESPACE).stream()
        .anyMatch(
            w ->
                "tyrum.plugin".equals(w.getCapability().getAttributes().get(ExtenderNamespace.EXTENDER_NAMESPACE))
                    && w.getProvider().getBundle().equals(self));
  }

  // --- resolver hook: refused plugins never resolve ----------------------------------------------

  @Override
  public ResolverHook begin(Collection<BundleRevision> triggers) {
    // Felix 7 builds its whitelist from the unresolved revisions only and then drops every candidate
    // outside it, resolved providers included: once filterResolvable removes anything, no bundle
    // resolved in that operation can wire to an already resolved one (gateway.api, jline, ...). So a
    // refused plugin is removed there only when it is itself a trigger (its resolution then fails
    // alone), and is otherwise kept from resolving, and from being wired to, in filterMatches. One
    // with no requirement at all cannot be stopped there: it is removed here in every case.
    boolean refusedTrigger = triggers.stream().anyMatch(this::refused);
    return new ResolverHook() {
      @Override
      public void filterResolvable(Collection<BundleRevision> candidates) {
        candidates.removeIf(
            r -> refused(r) && (refusedTrigger || r.getDeclaredRequirements(null).isEmpty()));
      }

      @Override
      public void filterSingletonCollisions(
          BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {}

      @Override
      public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {
        if (refused(requirement.getRevision())) {
          candidates.clear();
        } else {
          candidates.removeIf(c -> refused(c.getRevision()));
        }
      }

      @Override
      public void end() {}
    };
  }

  private boolean refused(BundleRevision revision) {
    return registry.plugin(revision.getBundle().getBundleId())
        .map(p -> p.state() == PluginState.failed
            && (p.manifest().isEmpty() || p.reason().equals(PluginRegistry.INVALID_CONFIG)))
        .orElse(false);
  }
}
