package ai.tyrum.gateway.core.extender;

import ai.tyrum.gateway.core.config.ConfigDelivery;
import ai.tyrum.gateway.core.config.StoredConfigs;
import ai.tyrum.gateway.core.manifest.BundlePluginSource;
import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginLifecycle;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.Plugins;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.util.tracker.BundleTracker;
import org.osgi.util.tracker.BundleTrackerCustomizer;

/**
 * The {@code tyrum.plugin} extender (OSGi Core 10, extender pattern as SCR does it): tracks every bundle
 * that declares a {@code tyrum.plugin} capability, validates its manifest as soon as it is installed
 * (before it can resolve), reports it to the registry, and through a resolver hook keeps a refused
 * plugin from resolving at all, so that none of its classes ever load.
 *
 * <p>Data flows one way: the extender reads configs and reports to the registry; neither calls it. A
 * config write that fixes a plugin refused for its config reaches it as the {@code
 * plugin.config.changed} event, on which it examines that plugin again.
 */
@Component(
    immediate = true,
    service = {PluginScan.class, EventHandler.class},
    property = EventConstants.EVENT_TOPIC + "=tyrum/plugin/config/changed")
@Capability(namespace = ExtenderNamespace.EXTENDER_NAMESPACE, name = "tyrum.plugin", version = "1.0.0")
public final class PluginExtender implements BundleTrackerCustomizer<Bundle>, ResolverHookFactory, PluginScan, EventHandler {

  /** The reason a plugin is failed for a Bundle-Activator that is missing or threw. */
  public static final String ACTIVATION_FAILED = "activation_failed";

  private static final int TRACKED =
      Bundle.INSTALLED | Bundle.RESOLVED | Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING;

  private final Plugins registry;
  private final PluginLifecycle lifecycle;
  private final PluginInspection inspection;
  private final StoredConfigs configs;
  private final ConfigDelivery delivery;
  private final Bundle self;
  private final BundleTracker<Bundle> tracker;
  private final ServiceRegistration<ResolverHookFactory> hook;
  private final AtomicBoolean scanned = new AtomicBoolean();
  /** Plugin bundles whose activator is running: a STOPPING before STARTED means it failed. */
  private final Set<Long> starting = ConcurrentHashMap.newKeySet();

  /** Activation: every bundle present is read before this returns, and the resolver hook is in place. */
  @Activate
  public PluginExtender(
      @Reference Plugins registry,
      @Reference PluginLifecycle lifecycle,
      @Reference PluginInspection inspection,
      @Reference StoredConfigs configs,
      @Reference ConfigDelivery delivery,
      BundleContext context) {
    this.registry = registry;
    this.lifecycle = lifecycle;
    this.inspection = inspection;
    this.configs = configs;
    this.delivery = delivery;
    this.self = context.getBundle();
    this.hook = context.registerService(ResolverHookFactory.class, this, null);
    this.tracker = new BundleTracker<>(context, TRACKED, this);
    tracker.open();
    scanned.set(true);
  }

  @Deactivate
  public void deactivate() {
    scanned.set(false);
    tracker.close();
    hook.unregister();
  }

  @Override
  public boolean scanned() {
    return scanned.get();
  }

  /** {@code plugin.config.changed}: a plugin refused for its config may load now. */
  @Override
  public void handleEvent(Event event) {
    if (!(event.getProperty("plugin") instanceof Map<?, ?> plugin) || !(plugin.get("id") instanceof String id)) {
      return;
    }
    for (PluginRecord record : registry.plugins()) {
      if (record.id().equals(id) && record.state() == PluginState.failed
          && record.reason().equals(PluginLifecycle.INVALID_CONFIG)) {
        Bundle bundle = self.getBundleContext().getBundle(record.bundleId());
        if (bundle != null) {
          reexamine(bundle);
        }
      }
    }
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
    int type = event == null ? 0 : event.getType();
    if (type == BundleEvent.UPDATED || type == BundleEvent.UNRESOLVED) {
      examine(bundle, false);
    }
    if (type == BundleEvent.STARTING) {
      starting.add(bundle.getBundleId());
    } else if (type == BundleEvent.STARTED || type == BundleEvent.STOPPED) {
      starting.remove(bundle.getBundleId());
    } else if (type == BundleEvent.STOPPING && starting.remove(bundle.getBundleId())) {
      // STOPPING straight after STARTING: the activator failed and the framework undoes the start (OSGi
      // Core, Bundle.start(int)); whoever called start() got the exception, the extender only this event
      lifecycle.failedAtRuntime(bundle, ACTIVATION_FAILED, List.of(activationFailure(bundle)));
    }
    follow(bundle);
  }

  /** What an operator can learn of a failed activator without loading a class of the plugin. */
  private static String activationFailure(Bundle bundle) {
    String activator = Optional.ofNullable(bundle.getHeaders("").get("Bundle-Activator"))
        .map(h -> h.split(";", -1)[0].strip())
        .orElse("");
    if (activator.isEmpty()) {
      return "the bundle failed to start; the framework stopped it again (see the framework log)";
    }
    if (bundle.getResource(activator.replace('.', '/') + ".class") == null) {
      return "Bundle-Activator names " + activator + ", a class the bundle neither holds nor imports;"
          + " add the class to the jar or remove the header (a plugin's components need no activator)";
    }
    return "the Bundle-Activator " + activator + " threw in start(); the framework stopped the bundle again"
        + " (the exception went to whoever started it: see the framework log)";
  }

  @Override
  public void removedBundle(Bundle bundle, BundleEvent event, Bundle tracked) {
    starting.remove(bundle.getBundleId());
    if (bundle.getState() == Bundle.UNINSTALLED) {
      lifecycle.uninstalled(bundle);
    } else {
      lifecycle.unloaded(bundle);
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
        lifecycle.refusedConfig(bundle, plugin.get(), invalid, fresh);
        return true;
      }
      lifecycle.accepted(bundle, plugin.get(), fresh);
      delivery.deliver(bundle, plugin.get());
    } catch (ManifestException refusal) {
      lifecycle.refused(bundle, PluginInspection.declaredId(new BundlePluginSource(bundle)), refusal, fresh);
    }
    return true;
  }

  /**
   * Examines a known plugin bundle again, after a config write fixed what refused it, and starts it
   * once accepted: the resolver hook let nothing of it resolve while it was refused.
   */
  private void reexamine(Bundle bundle) {
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
      lifecycle.failedAtRuntime(bundle, "start_failed", List.of("the plugin did not start: " + e.getMessage()));
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
        lifecycle.loaded(bundle);
      }
    } else {
      lifecycle.unloaded(bundle);
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
    // alone), and is otherwise kept from being wired to in filterMatches. One that is no trigger
    // resolves in no operation but as a provider, so even one without requirements stays unresolved;
    // removing it from every operation would have left no bundle able to resolve while it is installed.
    return new ResolverHook() {
      @Override
      public void filterResolvable(Collection<BundleRevision> candidates) {
        candidates.removeIf(r -> refused(r) && triggers.contains(r));
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
            && (p.manifest().isEmpty() || p.reason().equals(PluginLifecycle.INVALID_CONFIG)))
        .orElse(false);
  }
}
