package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.core.manifest.ManifestException;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import java.util.List;
import org.osgi.framework.Bundle;

/**
 * Where the extender reports what it learned of each plugin bundle; the registry turns each report
 * into the plugin's state and its {@code plugin.lifecycle} event. {@code fresh} marks a bundle that was
 * just installed rather than found at start.
 */
public interface PluginLifecycle {

  /** The refusal reason of a valid plugin whose stored config is not valid. */
  String INVALID_CONFIG = "invalid_config";

  /** A valid plugin bundle was seen. */
  void accepted(Bundle bundle, ValidatedPlugin plugin, boolean fresh);

  /** A plugin bundle was refused; it stays known, failed, and nothing of it is served. */
  void refused(Bundle bundle, String declaredId, ManifestException refusal, boolean fresh);

  /** A valid plugin whose stored config is not valid ({@value #INVALID_CONFIG}); its schemas stay known. */
  void refusedConfig(Bundle bundle, ValidatedPlugin plugin, List<String> details, boolean fresh);

  /** The plugin's bundle is active and wired to the extender: serve what it declared. */
  void loaded(Bundle bundle);

  /** The plugin's bundle stopped: serve nothing of it any more. */
  void unloaded(Bundle bundle);

  /** The plugin's bundle was uninstalled: forget it. */
  void uninstalled(Bundle bundle);

  /** A known plugin failed after it was read, such as one that cannot resolve or start. */
  void failedAtRuntime(Bundle bundle, String reason, List<String> details);
}
