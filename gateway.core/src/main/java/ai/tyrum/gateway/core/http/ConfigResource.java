package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.config.ConfigChange;
import ai.tyrum.gateway.core.config.ConfigService;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A plugin's config, masked, and its schema: {@code GET|PUT /plugins/{id}/config}, {@code GET /plugins/{id}/config/schema}. */
@Component(service = ApiResource.class)
public final class ConfigResource implements ApiResource {

  @Reference ConfigService configs;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/plugins/{id}/config", Access.OPERATOR_READ, call -> Reply.ok(configs.get(call.param("id")))),
        Route.put("/plugins/{id}/config", Access.OPERATOR_WRITE, this::replace),
        Route.get("/plugins/{id}/config/schema", Access.OPERATOR_READ, call -> Reply.ok(configs.schema(call.param("id")))));
  }

  private Reply replace(Call call) throws IOException {
    ConfigChange change = configs.replace(call.param("id"), call.body(), "http");
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("plugin", change.pluginId());
    json.put("changed", change.changed());
    json.put("config", change.config());
    json.put("event_seq", change.eventSeq());
    return Reply.ok(json);
  }
}
