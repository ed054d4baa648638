package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.mcp.McpServerId;
import ai.tyrum.gateway.core.mcp.McpServerStatus;
import ai.tyrum.gateway.core.mcp.McpServers;
import ai.tyrum.gateway.spi.GatewayException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The MCP servers plugins define: {@code GET /mcp/servers} and {@code GET /mcp/servers/{plugin}/{server}}
 * ({@code operator.read}) show where each stands; {@code POST /mcp/servers/{plugin}/{server}/restart}
 * ({@code operator.admin}) stops one and starts it again, in the caller's name. The path {@code /mcp}
 * itself is the agents' MCP endpoint, served elsewhere.
 */
@Component(service = ApiResource.class)
public final class McpServersResource implements ApiResource {

  @Reference McpServers servers;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/mcp/servers", Access.OPERATOR_READ, this::list),
        Route.get("/mcp/servers/{plugin}/{server}", Access.OPERATOR_READ, this::show),
        Route.post("/mcp/servers/{plugin}/{server}/restart", Access.OPERATOR_ADMIN, this::restart));
  }

  private Reply list(Call call) {
    return Reply.ok(Map.of("servers", servers.servers().stream().map(McpServerStatus::toJson).toList()));
  }

  private Reply show(Call call) {
    McpServerId id = id(call);
    return Reply.ok(servers.server(id).orElseThrow(() -> unknown(id)).toJson());
  }

  private Reply restart(Call call) throws IOException {
    call.optionalBody(Set.of()); // takes no fields: one sent by mistake is refused, not ignored
    McpServerId id = id(call);
    servers.restart(id, call.actor());
    return Reply.json(202, servers.server(id).orElseThrow(() -> unknown(id)).toJson());
  }

  private static McpServerId id(Call call) {
    return McpServerId.parse(call.param("plugin") + "/" + call.param("server"));
  }

  private static GatewayException unknown(McpServerId id) {
    return new GatewayException("unknown_mcp_server", 404, "no known plugin defines MCP server " + id
        + "; GET /mcp/servers lists them", List.of());
  }
}
