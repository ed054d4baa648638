package ai.tyrum.gateway.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The secrets an operator stored ({@code secret:set}), for a plugin granted {@code secrets.read} on their
 * scope (DESIGN section 3). A secret is resolved only inside a tool call that policy allowed, on the
 * thread that runs it; its value is then redacted from that call's output, error, events and logs.
 */
@ProviderType
public interface Secrets {

  /**
   * The value of secret {@code name} of {@code scope}.
   *
   * @throws PluginException {@code permission_denied} without a grant of {@code secrets.read} on
   *     {@code scope}; {@code outside_call} when no tool call of this plugin runs on this thread;
   *     {@code secret_not_found} when the operator has not set it
   */
  String read(String scope, String name);
}
