package ai.tyrum.gateway.core.guard;

import java.util.Collection;
import java.util.Iterator;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.hooks.service.FindHook;

/**
 * Removes from every service lookup what {@link ServiceRules} hides from the bundle looking; SCR alone
 * finds ConfigurationAdmin with a plugin's context, to configure the plugin's components.
 */
final class GuardingFindHook implements FindHook {

  private final BundleKinds kinds;

  GuardingFindHook(BundleKinds kinds) {
    this.kinds = kinds;
  }

  @Override
  public void find(
      BundleContext context, String name, String filter, boolean allServices, Collection<ServiceReference<?>> references) {
    Bundle consumer;
    try {
      consumer = context.getBundle();
    } catch (IllegalStateException stale) {
      return;
    }
    long consumerId = consumer.getBundleId();
    BundleKind consumerKind = kinds.of(consumer);
    for (Iterator<ServiceReference<?>> it = references.iterator(); it.hasNext(); ) {
      ServiceReference<?> reference = it.next();
      Bundle provider = reference.getBundle();
      if (provider == null) {
        continue;
      }
      BundleKind providerKind = kinds.of(provider);
      if (!ServiceRules.visible(consumerId, consumerKind, provider.getBundleId(), providerKind, reference)
          && !(consumerKind.isPlugin() && ServiceRules.configurationAdmin(providerKind, reference) && ScrCaller.isScr())) {
        it.remove();
      }
    }
  }
}
