package ai.tyrum.gateway.spi;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Reads and validates a plugin jar's manifest from its bytes, without installing it or loading a class:
 * the same checks the extender applies to an installed bundle.
 */
@ProviderType
public interface PluginInspector {

  /**
   * Inspects the jar.
   *
   * @return the manifest as a plugin author would read it (JSON-shaped: id, version, bundle,
   *     tools, commands, routes, mcp, permissions)
   * @throws PluginRefusedException with the stable reason code and the details of every fault
   */
  Map<String, Object> inspect(byte[] jar);

  /** Thrown when a jar is not a valid plugin. */
  final class PluginRefusedException extends GatewayException {

    private static final long serialVersionUID = 1L;

    public PluginRefusedException(String reason, List<String> details) {
      super(reason, 422, reason + (details.isEmpty() ? "" : ": " + String.join("; ", details)), details);
    }

    /** The stable snake_case reason, such as {@code invalid_plugin_id} or {@code path_escape}. */
    public String reason() {
      return code();
    }
  }
}
