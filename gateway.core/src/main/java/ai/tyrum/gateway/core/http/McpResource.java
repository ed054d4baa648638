package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.token.TokenRefusals;
import ai.tyrum.gateway.spi.GatewayException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code /mcp}, the gateway as an MCP server for agents: its entry in the route table, so that the
 * {@code tyrum} context checks the bearer token and scope {@code tools.invoke} as for every route, and
 * the caller the MCP endpoint acts for.
 *
 * <p>The endpoint itself is a servlet of its own ({@code core.mcp.serve}), registered on the exact
 * pattern {@code /mcp}, which the whiteboard prefers to the API's {@code /*}: MCP streams its answers,
 * which the API's one-reply handlers cannot. While that servlet is not registered, this route's handler
 * answers {@code 503 mcp_unavailable}.
 */
@Component(service = {ApiResource.class, McpResource.class})
public final class McpResource implements ApiResource {

  /** The path the endpoint serves. */
  public static final String PATH = "/mcp";

  @Reference TokenRefusals refusals;

  /**
   * Who calls {@code /mcp}: the token that the context admitted, and the agent it acts as.
   *
   * @param tokenId the token's id; an MCP session belongs to the token that opened it
   * @param agent the agent whose exposed tools the caller sees and calls
   */
  public record Caller(String tokenId, String agent) {
    public Caller {
      Objects.requireNonNull(tokenId, "tokenId");
      Objects.requireNonNull(agent, "agent");
    }

    /** Who acts, as approvals and audit name it. */
    public String actor() {
      return "token:" + tokenId;
    }
  }

  @Override
  public List<Route> routes() {
    return List.of(Route.any(PATH, Access.TOOLS_INVOKE, call -> {
      throw new ApiError(503, "mcp_unavailable", "the MCP endpoint is not running; see the gateway's log");
    }));
  }

  /**
   * The caller of a request the context admitted to {@code /mcp}, acting as the agent its token is bound
   * to, else as the one it names with {@code ?agent=}, else {@code default} (the rule of every route,
   * {@code Agents}). A request that names another agent than its token's is refused and put on record.
   *
   * @throws GatewayException 400 {@code invalid_agent}, 403 {@code agent_mismatch}; 500 when the request
   *     did not pass the context (a registration mistake, never the client's)
   */
  public Caller caller(HttpServletRequest request) {
    if (!(request.getAttribute(Call.ATTRIBUTE) instanceof Call call) || call.token().isEmpty()) {
      throw new IllegalStateException(PATH + " was reached without passing the " + ApiContext.NAME + " context");
    }
    try {
      return new Caller(call.token().get().id(), Agents.of(call, call.query("agent")));
    } catch (GatewayException e) {
      if (Agents.MISMATCH.equals(e.code())) {
        Refused.record(refusals, call.token().get().id(), e.code(), request);
      }
      throw e;
    }
  }

  /** Writes {@code refusal} in the API's error shape, as every route answers one. */
  public static void refuse(HttpServletResponse response, GatewayException refusal) throws IOException {
    Responses.write(response, Responses.refusal(refusal));
  }

  /** Writes a 500 for an unexpected {@code failure} of {@code what}, logged once with its trace. */
  public static void fail(HttpServletResponse response, String what, RuntimeException failure) throws IOException {
    Responses.write(response, Responses.failure(what, failure));
  }
}
