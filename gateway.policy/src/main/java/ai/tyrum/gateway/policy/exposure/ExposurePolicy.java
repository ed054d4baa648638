package ai.tyrum.gateway.policy.exposure;

import ai.tyrum.gateway.spi.Exposure;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.spi.ToolPolicy;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

/**
 * Which plugin tools an agent sees, configured through ConfigAdmin (PID {@code tyrum.policy.exposure});
 * without configuration, opt-in tools stay hidden and read-only tools are exposed.
 */
@Component(
    service = ToolPolicy.class,
    configurationPid = "tyrum.policy.exposure",
    configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ExposureConfig.class)
public final class ExposurePolicy implements ToolPolicy {

  private volatile ExposureRules rules = ExposureRules.DEFAULT;

  @Activate
  @Modified
  void configure(ExposureConfig config) {
    rules = ExposureRules.of(config.tools_allow(), config.tools_deny());
  }

  @Override
  public Exposure exposure(ToolDescriptor tool, String agent) {
    return rules.decide(tool);
  }
}
