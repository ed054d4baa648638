package ai.tyrum.gateway.core.extender;

import ai.tyrum.gateway.core.manifest.BundlePluginSource;
import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginRegistry;
import ai.tyrum.gateway.core.registry.PluginState;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.resolver.ResolverHook;
import org.osgi.framework.hooks.resolver.ResolverHookFactory;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRequirement;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.framework.wiring.BundleWiring;
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
      registry.accepted(bundle, plugin.get(), fresh);
    } catch (ManifestException refusal) {
      registry.refused(bundle, PluginInspection.declaredId(new BundlePluginSource(bundle)), refusal, fresh);
    }
    return true;
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
    return new ResolverHook() {
      @Override
      public void filterResolvable(Collection<BundleRevision> candidates) {
        candidates.removeIf(PluginExtender.this::refused);
      }

      @Override
      public void filterSingletonCollisions(
          BundleCapability singleton, Collection<BundleCapability> collisionCandidates) {}

      @Override
      public void filterMatches(BundleRequirement requirement, Collection<BundleCapability> candidates) {}

      @Override
      public void end() {}
    };
  }

  private boolean refused(BundleRevision revision) {
    return registry.plugin(revision.getBundle().getBundleId())
        .map(p -> p.state() == PluginState.failed && p.manifest().isEmpty())
        .orElse(false);
  }
}
