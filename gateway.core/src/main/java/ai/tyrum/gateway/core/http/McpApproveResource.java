package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.mcp.McpServerId;
import ai.tyrum.gateway.core.mcp.McpTools;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code POST /mcp/servers/{plugin}/{server}/approve} ({@code {"tools":[...]}}, all held tools when absent or
 * empty): pins held tools of an MCP server as listed now, so that they are served; the answer and the
 * {@code mcp.tool.approved} event carry what changed and the actor. Needs {@code operator.admin} and a
 * token bound to no agent: a server's tools serve every agent.
 */
@Component(service = ApiResource.class)
public final class McpApproveResource implements ApiResource {

  private static final Set<String> FIELDS = Set.of("tools");

  @Reference McpTools tools;

  @Override
  public List<Route> routes() {
    return List.of(Route.post("/mcp/servers/{plugin}/{server}/approve", Access.OPERATOR_ADMIN, this::approve));
  }

  private Reply approve(Call call) throws IOException {
    Agents.requireOwn(call, Optional.empty(), "the MCP servers' tools");
    List<String> names = call.optionalBody(FIELDS).strings("tools");
    return Reply.ok(tools.approve(McpServerId.parse(call.param("plugin") + "/" + call.param("server")), names, call.actor()));
  }
}
