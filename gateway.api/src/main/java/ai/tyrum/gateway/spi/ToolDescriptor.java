package ai.tyrum.gateway.spi;

import java.util.Objects;

/**
 * What policy needs to know of a plugin tool, all of it from the plugin's manifest.
 *
 * @param toolId the callable id, {@code plugin.<plugin-id>.<name>}
 * @param pluginId the plugin's id
 * @param stateChanging whether the tool declares {@code effect=state_changing}
 * @param accessExpanding whether its plugin requests a permission that expands access (network,
 *     secrets, db, fs.write)
 */
public record ToolDescriptor(
    String toolId, String pluginId, boolean stateChanging, boolean accessExpanding) {

  public ToolDescriptor {
    Objects.requireNonNull(toolId, "toolId");
    Objects.requireNonNull(pluginId, "pluginId");
  }

  /** Whether the tool may be exposed only by an allowlist that names it exactly. */
  public boolean optInOnly() {
    return stateChanging || accessExpanding;
  }
}
