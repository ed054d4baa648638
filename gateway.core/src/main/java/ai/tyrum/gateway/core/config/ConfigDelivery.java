package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import org.osgi.framework.Bundle;

/** Hands a plugin's effective config to its bundle, so that its components see it without a restart. */
public interface ConfigDelivery {

  /** Hands the effective config of {@code plugin}, just accepted, to {@code bundle}. */
  void deliver(Bundle bundle, ValidatedPlugin plugin);
}
