package ai.tyrum.gateway.core.guard;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;

/**
 * Delivers a service event only to the bundles {@link ServiceRules} lets see the service, so that no
 * tracker or whiteboard (Felix HTTP's, EventAdmin's, Gogo's, the gateway's) learns of what is hidden;
 * and hands every new service of a plugin to the {@link Refusals}.
 */
final class GuardingEventHook implements EventListenerHook {

  private final BundleKinds kinds;
  private final Refusals refusals;

  GuardingEventHook(BundleKinds kinds, Refusals refusals) {
    this.kinds = kinds;
    this.refusals = refusals;
  }

  @Override
  public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
    ServiceReference<?> reference = event.getServiceReference();
    Bundle provider = reference.getBundle();
    if (provider == null) {
      return;
    }
    long providerId = provider.getBundleId();
    BundleKind providerKind = kinds.of(provider);
    if (event.getType() == ServiceEvent.REGISTERED && providerKind.isPlugin()) {
      refusals.registered(provider, providerKind, reference);
    }
    for (Iterator<BundleContext> it = listeners.keySet().iterator(); it.hasNext(); ) {
      Bundle consumer;
      try {
        consumer = it.next().getBundle();
      } catch (IllegalStateException stale) {
        continue;
      }
      if (!ServiceRules.visible(consumer.getBundleId(), kinds.of(consumer), providerId, providerKind, reference)) {
        it.remove();
      }
    }
  }
}
