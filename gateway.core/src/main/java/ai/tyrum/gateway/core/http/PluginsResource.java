package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.report.PluginReport;
import ai.tyrum.gateway.core.report.PluginReports;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code GET /plugins} (every plugin the gateway knows, refused ones and lockfile entries without a
 * bundle included) and {@code GET /plugins/{id}}, each overlaid with the lockfile.
 */
@Component(service = ApiResource.class)
public final class PluginsResource implements ApiResource {

  @Reference PluginReports plugins;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/plugins", Access.OPERATOR_READ, this::list),
        Route.get("/plugins/{id}", Access.OPERATOR_READ, this::detail));
  }

  private Reply list(Call call) {
    return Reply.ok(Map.of("plugins", plugins.reports().stream().map(PluginReport::toSummary).toList()));
  }

  private Reply detail(Call call) {
    String id = call.param("id");
    return Reply.ok(
        plugins.report(id)
            .map(PluginReport::toDetail)
            .orElseThrow(() -> new ApiError(404, "unknown_plugin", "no plugin " + id + " is installed")));
  }
}
