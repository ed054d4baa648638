package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.Plugins;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /plugins} (every plugin bundle known, refused ones included) and {@code GET /plugins/{id}}. */
@Component(service = ApiResource.class)
public final class PluginsResource implements ApiResource {

  @Reference Plugins plugins;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/plugins", Access.OPERATOR_READ, this::list),
        Route.get("/plugins/{id}", Access.OPERATOR_READ, this::detail));
  }

  private Reply list(Call call) {
    return Reply.ok(Map.of("plugins", plugins.plugins().stream().map(PluginRecord::toSummary).toList()));
  }

  private Reply detail(Call call) {
    String id = call.param("id");
    return Reply.ok(
        plugins.plugin(id)
            .map(PluginRecord::toDetail)
            .orElseThrow(() -> new ApiError(404, "unknown_plugin", "no plugin " + id + " is installed")));
  }
}
