package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.RouteRequest;
import ai.tyrum.gateway.api.RouteResponse;
import ai.tyrum.gateway.core.registry.BoundRoute;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.Json;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.databind.JsonNode;

/**
 * Plugin routes (DESIGN section 3, {@code tyrum.route}): {@code ANY /plugins/{id}/rpc/{path}}, served
 * only when the plugin declares the route and is loaded, with the methods and the scope it declares.
 */
@Component(service = ApiResource.class)
public final class PluginRoutesResource implements ApiResource {

  /** Where the scope lookup leaves the route it found, so that the route checked is the route served. */
  private static final String BOUND = BoundRoute.class.getName();

  @Reference Plugins plugins;

  @Override
  public List<Route> routes() {
    // The scope is the one the plugin declared for the route (BoundRoute.declaration().scope()).
    return List.of(Route.any("/plugins/{id}/rpc/{path+}", Access.declaredBy(this::declaredScope), this::serve));
  }

  private String declaredScope(RouteMatch match, HttpServletRequest request) {
    String pluginId = match.param("id");
    String path = match.param("path");
    BoundRoute route =
        plugins.route(pluginId, path)
            .orElseThrow(() -> new ApiError(404, "unknown_route", "plugin " + pluginId + " serves no route " + path));
    request.setAttribute(BOUND, route);
    return route.declaration().scope();
  }

  private Reply serve(Call call) throws IOException {
    BoundRoute route = (BoundRoute) call.request().getAttribute(BOUND);
    String method = call.request().getMethod();
    if (!route.declaration().methods().contains(method)) {
      throw new MethodNotAllowed(Set.copyOf(route.declaration().methods()));
    }
    JsonNode body = call.hasBody() ? call.body() : Json.MAPPER.createObjectNode();
    Map<String, List<String>> query = call.queryParameters();
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = Json.MAPPER.treeToValue(body, Map.class);
    RouteResponse answer;
    try {
      answer = route.service().handle(new RouteRequest(method, call.param("path"), query, parsed));
    } catch (PluginException e) {
      throw new ApiError(502, "plugin_error", "the plugin reported " + e.code() + ": " + e.getMessage(), List.of(e.code()));
    } catch (RuntimeException e) {
      throw new ApiError(502, "plugin_error", "the plugin failed with " + e.getClass().getSimpleName());
    }
    if (answer == null) {
      throw new ApiError(502, "plugin_error", "the plugin returned no response");
    }
    return Reply.json(answer.status(), answer.body());
  }
}
