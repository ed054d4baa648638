package ai.tyrum.gateway.core.http;

import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.Approvals;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Approvals of single tool calls: {@code GET /approvals} and {@code POST /approvals/{id}/approve|deny},
 * decided in the name of the token that asks ({@code token:<id>}).
 */
@Component(service = ApiResource.class)
public final class ApprovalsResource implements ApiResource {

  // Optional: the policy bundle provides it, and the rest of the API must not wait for policy.
  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  volatile Approvals approvals;

  @Override
  public List<Route> routes() {
    return List.of(
        Route.get("/approvals", Access.OPERATOR_READ, this::list),
        Route.post("/approvals/{id}/approve", Access.OPERATOR_WRITE, this::approve),
        Route.post("/approvals/{id}/deny", Access.OPERATOR_WRITE, this::deny));
  }

  private Reply list(Call call) {
    return Reply.ok(Map.of("approvals", approvals().list().stream().map(Approval::toJson).toList()));
  }

  private Reply approve(Call call) throws IOException {
    if (call.hasBody()) {
      call.body(Set.of()); // takes no fields: one sent by mistake is refused, not ignored
    }
    return Reply.ok(Map.of("approval", approvals().approve(call.param("id"), call.actor()).toJson()));
  }

  private Reply deny(Call call) throws IOException {
    String reason = call.hasBody() ? call.body(Set.of("reason")).string("reason").orElse("") : "";
    return Reply.ok(Map.of("approval", approvals().deny(call.param("id"), call.actor(), reason).toJson()));
  }

  private Approvals approvals() {
    Approvals current = approvals;
    if (current == null) {
      throw new ApiError(503, "approvals_unavailable", "the approvals service is not running");
    }
    return current;
  }
}
