package ai.tyrum.gateway.core.guard;

import ai.tyrum.gateway.core.registry.PluginLifecycle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Puts the service guard in place: a find hook and an event listener hook (OSGi Core 55) that apply
 * {@link ServiceRules} to every lookup and every service event of the framework. The gateway's bundles
 * start at a lower start level than plugins, so the hooks are in place before any plugin registers or
 * looks up a service.
 *
 * <p>Hygiene, not a wall: without a SecurityManager a plugin can still reach services past the hooks
 * ({@code Bundle.getRegisteredServices()}, another bundle's {@code BundleContext}); hardened mode is the
 * wall (DESIGN §6).
 */
@Component(immediate = true, service = {})
public final class ServiceGuard {

  private final BundleContext context;
  private final BundleKinds kinds = new BundleKinds();
  private final ServiceRegistration<?> find;
  private final ServiceRegistration<?> events;

  @Activate
  public ServiceGuard(@Reference PluginLifecycle lifecycle, BundleContext context) {
    this.context = context;
    context.addBundleListener(kinds);
    this.events = context.registerService(
        EventListenerHook.class, new GuardingEventHook(kinds, new Refusals(lifecycle)), null);
    this.find = context.registerService(FindHook.class, new GuardingFindHook(kinds), null);
  }

  @Deactivate
  void deactivate() {
    find.unregister();
    events.unregister();
    context.removeBundleListener(kinds);
  }
}
