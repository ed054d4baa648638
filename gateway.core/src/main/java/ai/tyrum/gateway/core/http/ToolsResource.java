package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.core.invoke.ToolCatalog;
import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.core.invoke.ToolOutcome;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.databind.node.ObjectNode;

/**
 * The tool catalogue for an agent ({@code GET /tools?agent=A}) and tool calls through the one call
 * path ({@code POST /tools/{toolId}/invoke}; 202 with the approval when one is required).
 */
@Component(service = ApiResource.class)
public final class ToolsResource implements ApiResource {

  /** What {@code POST /tools/{toolId}/invoke} takes. */
  private static final Set<String> INVOKE_FIELDS = Set.of("agent", "input", "approval");

  @Reference ToolCatalog catalog;
  @Reference ToolInvoker tools;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/tools", Access.OPERATOR_READ, this::list),
        Route.post("/tools/{toolId}/invoke", Access.TOOLS_INVOKE, this::invoke));
  }

  private Reply list(Call call) {
    String agent = Agents.of(call, call.query("agent"));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("agent", agent);
    json.put("tools", catalog.explainAll(agent).stream().map(ToolCatalog.Explanation::toJson).toList());
    return Reply.ok(json);
  }

  private Reply invoke(Call call) throws IOException {
    RequestBody body = call.body(INVOKE_FIELDS);
    ObjectNode input = body.requiredObject("input");
    Optional<String> approval = body.string("approval").filter(id -> !id.isEmpty());
    ToolOutcome outcome = tools.invoke(Agents.of(call, body.string("agent")), call.actor(), call.param("toolId"), input, approval);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("output", outcome.output());
    json.put("decision", outcome.decision());
    json.put("policy_snapshot", outcome.policySnapshot());
    outcome.approval().ifPresent(id -> json.put("approval", id));
    if (outcome.truncated()) {
      json.put("truncated", true);
    }
    json.put("audit_seq", outcome.auditSeq());
    return Reply.ok(json);
  }
}
