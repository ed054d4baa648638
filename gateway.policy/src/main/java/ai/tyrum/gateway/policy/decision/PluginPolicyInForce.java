package ai.tyrum.gateway.policy.decision;

import ai.tyrum.gateway.spi.PluginPolicy;
import ai.tyrum.gateway.spi.PluginRules;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The {@code plugins:} rules of the policy snapshot in force (DESIGN section 5): read at every call, so
 * that a reload applies to the next install, upgrade or enable.
 */
@Component(service = PluginPolicy.class)
public final class PluginPolicyInForce implements PluginPolicy {

  private final PolicyDecider decider;

  @Activate
  public PluginPolicyInForce(@Reference PolicyDecider decider) {
    this.decider = decider;
  }

  @Override
  public PluginRules rules() {
    return decider.current().policy().plugins();
  }
}
