package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.GatewayHttp;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.OperationRequest;
import ai.tyrum.gateway.spi.PluginApprovals;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import tools.jackson.databind.JsonNode;

/**
 * Approvals of plugin operations over {@code /approvals}, with gateway.policy's {@link PluginApprovals}
 * played by the test: listed beside the approvals of tool calls with their kind, and decided in the name
 * of the token that asks, so that two tokens are two operators.
 */
class PluginApprovalsHttpIT {

  private static final OperationRequest INSTALL_WEATHER =
      new OperationRequest("install", "weather", "1.0.0", "cd".repeat(32), List.of("network.egress:api.weather.example:443"));
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .token("alice", "operator.write")
        .token("bob", "operator.admin")
        .token("reader", "operator.read")
        .start();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void anOperationThatNeedsTwoOperatorsIsApprovedByTwoTokensAndNotTwiceByOne() {
    FakePluginApprovals approvals = new FakePluginApprovals();
    approvals.pending("apr_two", INSTALL_WEATHER, 2);
    ServiceRegistration<PluginApprovals> registration = gateway.register(PluginApprovals.class, approvals);
    GatewayHttp alice = gateway.http().withToken(gateway.token("alice"));
    GatewayHttp bob = gateway.http().withToken(gateway.token("bob"));
    try {
      JsonNode listed = gateway.http().withToken(gateway.token("reader")).get("/approvals").assertStatus(200).json().path("approvals");
      assertThat(listed).singleElement().satisfies(approval -> {
        assertThat(approval.path("kind").asString()).isEqualTo("plugin_operation");
        assertThat(approval.path("operation").asString()).isEqualTo("install");
        assertThat(approval.path("plugin").asString()).isEqualTo("weather");
        assertThat(approval.path("required").asInt()).isEqualTo(2);
      });

      JsonNode first = alice.post("/approvals/apr_two/approve", "").assertStatus(200).json().path("approval");
      assertThat(first.path("kind").asString()).isEqualTo("plugin_operation");
      assertThat(first.path("state").asString()).isEqualTo("pending");
      assertThat(alice.post("/approvals/apr_two/approve", "").assertStatus(409).errorCode()).isEqualTo("approver_repeated");
      JsonNode second = bob.post("/approvals/apr_two/approve", "").assertStatus(200).json().path("approval");
      assertThat(second.path("state").asString()).isEqualTo("approved");
      assertThat(second.path("approvers").toString()).isEqualTo("[\"token:alice\",\"token:bob\"]");

      assertThat(gateway.http().withToken(gateway.token("reader")).post("/approvals/apr_two/deny", "").assertStatus(403).errorCode())
          .isEqualTo("forbidden_scope");
    } finally {
      registration.unregister();
    }
  }

  @Test
  void aDenialNamesTheTokenAndItsReason() {
    FakePluginApprovals approvals = new FakePluginApprovals();
    approvals.pending("apr_deny", INSTALL_WEATHER, 1);
    ServiceRegistration<PluginApprovals> registration = gateway.register(PluginApprovals.class, approvals);
    try {
      JsonNode denied = gateway.http().withToken(gateway.token("alice"))
          .post("/approvals/apr_deny/deny", "{\"reason\":\"not from that catalog\"}").assertStatus(200).json().path("approval");

      assertThat(denied.path("state").asString()).isEqualTo("denied");
      assertThat(denied.path("denied_by").asString()).isEqualTo("token:alice");
      assertThat(denied.path("reason").asString()).isEqualTo("not from that catalog");
      assertThat(gateway.http().post("/approvals/apr_unknown/approve", "").assertStatus(404).errorCode()).isEqualTo("unknown_approval");
    } finally {
      registration.unregister();
    }
  }

  @Test
  void approvalsOfToolCallsAndOfPluginOperationsShareOneListNewestFirstAndEachIsDecidedByItsOwnService() {
    FakePluginApprovals operations = new FakePluginApprovals();
    operations.pending("apr_op", INSTALL_WEATHER, 1);
    Approval call = new Approval("apr_call", new ApprovalRequest("plugin.echo.echo", "default", "ef".repeat(32), "snap"),
        Approval.State.pending, Instant.parse("2026-12-06T11:00:00Z"), Instant.parse("2026-12-06T12:00:00Z"), Optional.empty(), "", "");
    List<String> decided = new CopyOnWriteArrayList<>();
    Approvals calls = new Approvals() {
      @Override
      public Approval authorize(ApprovalRequest request, Optional<String> approvalId) {
        throw new UnsupportedOperationException();
      }

      @Override
      public List<Approval> list() {
        return List.of(call);
      }

      @Override
      public Optional<Approval> find(String id) {
        return id.equals(call.id()) ? Optional.of(call) : Optional.empty();
      }

      @Override
      public Approval approve(String id, String actor) {
        decided.add("approve " + id + " " + actor);
        return call;
      }

      @Override
      public Approval deny(String id, String actor, String reason) {
        throw new UnsupportedOperationException();
      }
    };
    ServiceRegistration<Approvals> callRegistration = gateway.register(Approvals.class, calls);
    ServiceRegistration<PluginApprovals> operationRegistration = gateway.register(PluginApprovals.class, operations);
    try {
      JsonNode listed = gateway.http().get("/approvals").assertStatus(200).json().path("approvals");
      assertThat(listed).extracting(approval -> approval.path("kind").asString() + " " + approval.path("id").asString())
          .containsExactly("tool_call apr_call", "plugin_operation apr_op");

      JsonNode approved = gateway.http().withToken(gateway.token("alice")).post("/approvals/apr_call/approve", "").assertStatus(200).json();
      assertThat(approved.path("approval").path("kind").asString()).isEqualTo("tool_call");
      assertThat(decided).containsExactly("approve apr_call token:alice");
      assertThat(operations.find("apr_op").orElseThrow().approvers()).isEmpty();
    } finally {
      operationRegistration.unregister();
      callRegistration.unregister();
    }
  }

  @Test
  void withoutAnyApprovalsServiceTheListIsUnavailable() {
    assertThat(gateway.http().get("/approvals").assertStatus(503).errorCode()).isEqualTo("approvals_unavailable");
  }
}
