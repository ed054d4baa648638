package ai.tyrum.plugin.echo;

import ai.tyrum.gateway.api.ProvideRoute;
import ai.tyrum.gateway.api.RouteRequest;
import ai.tyrum.gateway.api.RouteResponse;
import ai.tyrum.gateway.api.RpcRoute;
import java.util.Map;
import org.osgi.service.component.annotations.Component;

/** The route {@code GET /plugins/echo/rpc/ping}: answers {@code {"ok":true}}, a liveness probe for clients. */
@ProvideRoute(plugin = EchoPlugin.ID, path = "ping", methods = "GET", scope = "operator.read")
@Component(service = RpcRoute.class)
public class PingRoute implements RpcRoute {

  @Override
  public RouteResponse handle(RouteRequest request) {
    return RouteResponse.ok(Map.of("ok", true));
  }
}
