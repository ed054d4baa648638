package ai.tyrum.gateway.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A gateway RPC route a plugin adds. Register it as a DS service annotated with {@link ProvideRoute}.
 * The gateway has checked the caller's token scope and the method before calling it.
 */
@ConsumerType
public interface RpcRoute {

  /**
   * Answers one request.
   *
   * @throws PluginException with a stable code for a failure the caller should see as such
   */
  RouteResponse handle(RouteRequest request);
}
