package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.PluginApprovals;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Approvals of single tool calls and of plugin operations (install, upgrade, enable), in one list:
 * {@code GET /approvals} and {@code POST /approvals/{id}/approve|deny}, decided in the name of the
 * token that asks ({@code token:<id>}), so that two tokens are two operators. Each approval's
 * {@code kind} tells them apart: {@value #TOOL_CALL} or {@value #PLUGIN_OPERATION}.
 */
@Component(service = ApiResource.class)
public final class ApprovalsResource implements ApiResource {

  static final String TOOL_CALL = "tool_call";
  static final String PLUGIN_OPERATION = "plugin_operation";

  // Optional: the policy bundle provides both, and the rest of the API must not wait for policy.
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  volatile Approvals approvals;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  volatile PluginApprovals pluginApprovals;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/approvals", Access.OPERATOR_READ, this::list),
        Route.post("/approvals/{id}/approve", Access.OPERATOR_WRITE, this::approve),
        Route.post("/approvals/{id}/deny", Access.OPERATOR_WRITE, this::deny));
  }

  private Reply list(Call call) {
    Services services = services();
    List<Map<String, Object>> all = new ArrayList<>();
    // A token bound to an agent sees that agent's tool calls only: plugin operations are no agent's.
    Optional<String> bound = Agents.bound(call);
    services.calls().ifPresent(calls -> calls.list().stream()
        .filter(approval -> bound.isEmpty() || bound.get().equals(approval.call().agent()))
        .forEach(approval -> all.add(toJson(approval))));
    if (bound.isEmpty()) {
      services.operations().ifPresent(operations -> operations.list().forEach(approval -> all.add(toJson(approval))));
    }
    // newest first across both kinds, as each service lists its own
    all.sort(Comparator.comparing((Map<String, Object> approval) -> Instant.parse((String) approval.get("requested_at"))).reversed());
    return Reply.ok(Map.of("approvals", all));
  }

  private Reply approve(Call call) throws IOException {
    call.optionalBody(Set.of()); // takes no fields: one sent by mistake is refused, not ignored
    String id = call.param("id");
    Services services = services();
    services.requireOwn(call, id);
    if (services.isOperation(id)) {
      return Reply.ok(Map.of("approval", toJson(services.operations().orElseThrow().approve(id, call.actor()))));
    }
    return Reply.ok(Map.of("approval", toJson(services.callsFor(id).approve(id, call.actor()))));
  }

  private Reply deny(Call call) throws IOException {
    String reason = call.optionalBody(Set.of("reason")).string("reason").orElse("");
    String id = call.param("id");
    Services services = services();
    services.requireOwn(call, id);
    if (services.isOperation(id)) {
      return Reply.ok(Map.of("approval", toJson(services.operations().orElseThrow().deny(id, call.actor(), reason))));
    }
    return Reply.ok(Map.of("approval", toJson(services.callsFor(id).deny(id, call.actor(), reason))));
  }

  static Map<String, Object> toJson(Approval approval) {
    return withKind(TOOL_CALL, approval.toJson());
  }

  static Map<String, Object> toJson(OperationApproval approval) {
    return withKind(PLUGIN_OPERATION, approval.toJson());
  }

  private static Map<String, Object> withKind(String kind, Map<String, Object> approval) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", kind);
    json.putAll(approval);
    return json;
  }

  /** Both services as of this request, read once, so that one request sees one pair. */
  private Services services() {
    Services services = new Services(Optional.ofNullable(approvals), Optional.ofNullable(pluginApprovals));
    if (services.calls().isEmpty() && services.operations().isEmpty()) {
      throw new ApiError(503, "approvals_unavailable", "the approvals service is not running");
    }
    return services;
  }

  private record Services(Optional<Approvals> calls, Optional<PluginApprovals> operations) {

    /** Whether {@code id} is an approval of a plugin operation. */
    boolean isOperation(String id) {
      return operations.flatMap(service -> service.find(id)).isPresent();
    }

    /**
     * Refuses a token bound to an agent the approval {@code id} is not of; an id neither service
     * knows is left to the decision, which answers {@code unknown_approval}.
     */
    void requireOwn(Call call, String id) {
      if (Agents.bound(call).isEmpty()) {
        return;
      }
      if (isOperation(id)) {
        Agents.requireOwn(call, Optional.empty(), "approval " + id);
        return;
      }
      calls.flatMap(service -> service.find(id))
          .ifPresent(approval -> Agents.requireOwn(call, Optional.of(approval.call().agent()), "approval " + id));
    }

    /** The service that decides {@code id} as an approval of a tool call; it refuses an id it does not know. */
    Approvals callsFor(String id) {
      return calls.orElseThrow(() -> new ApprovalException("unknown_approval", "no approval " + id + " is known"));
    }
  }
}
