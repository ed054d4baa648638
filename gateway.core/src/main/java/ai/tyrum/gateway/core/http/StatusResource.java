package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.status.GatewayStatus;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code GET /healthz}, the one public route, and {@code GET /status}. */
@Component(service = ApiResource.class)
public final class StatusResource implements ApiResource {

  @Reference GatewayStatus status;

  @Override
  public List<Route> routes() {
    return List.of(
        // Public: supervisors and load balancers probe it without a token, and it tells nothing.
        Route.get("/healthz", Access.PUBLIC, this::health),
        Route.get("/status", Access.OPERATOR_READ, call -> Reply.ok(status.report())));
  }

  private Reply health(Call call) {
    if (!status.ready()) {
      throw new ApiError(503, "starting", "the gateway is still starting");
    }
    return Reply.ok(Map.of("status", "ok"));
  }
}
