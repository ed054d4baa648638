package ai.tyrum.gateway.spi;

import org.osgi.annotation.versioning.ProviderType;

/**
 * What policy says about installing and running plugins (the {@code plugins:} section, DESIGN section
 * 5): which sources may be used, and which operations need operators' approvals.
 *
 * @since 2.1
 */
@ProviderType
public interface PluginPolicy {

  /** The rules of the policy snapshot in force now. */
  PluginRules rules();
}
