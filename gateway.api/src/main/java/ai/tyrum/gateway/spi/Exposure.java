package ai.tyrum.gateway.spi;

import java.util.Objects;

/**
 * Whether a tool is exposed to an agent.
 *
 * @param exposed whether the agent may see and call it
 * @param reason a stable snake_case reason code, such as {@code allowed_by_default},
 *     {@code allowlisted} or {@code disabled_by_plugin_opt_in}
 */
public record Exposure(boolean exposed, String reason) {

  public Exposure {
    Objects.requireNonNull(reason, "reason");
  }

  public static Exposure exposed(String reason) {
    return new Exposure(true, reason);
  }

  public static Exposure hidden(String reason) {
    return new Exposure(false, reason);
  }
}
