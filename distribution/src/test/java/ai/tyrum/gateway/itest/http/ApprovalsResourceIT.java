package ai.tyrum.gateway.itest.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.ToolPolicy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import tools.jackson.databind.JsonNode;

/**
 * Approvals over HTTP with the policy bundle's {@link Approvals} played by the test: a call that waits
 * is a 202 with its approval, decisions name the token that made them, and the API says so when no
 * approvals service runs.
 */
class ApprovalsResourceIT {

  private static final FakeToolPolicy POLICY =
      FakeToolPolicy.allowingAll().decide("plugin.echo.echo", Decision.require_approval, "approval_required_by_policy");
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, POLICY).plugin("echo").start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void callThatWaitsIsAcceptedAndTheDecisionNamesTheTokenThatMadeIt() {
    ServiceRegistration<Approvals> approvals = gateway.register(Approvals.class, new FakeApprovals());
    try {
      JsonNode waiting = gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"may I\"}}")
          .assertStatus(202).json();
      assertThat(waiting.path("decision").asString()).isEqualTo("require_approval");
      assertThat(waiting.path("policy_snapshot").asString()).isEqualTo(FakeToolPolicy.SNAPSHOT_ID);
      String id = waiting.path("approval").path("id").asString();
      assertThat(gateway.http().get("/approvals").assertStatus(200).json().path("approvals").toString()).contains(id);

      JsonNode denied = gateway.http().post("/approvals/" + id + "/deny", "{\"reason\":\"not today\"}").assertStatus(200).json();

      assertThat(denied.path("approval").path("state").asString()).isEqualTo("denied");
      assertThat(denied.path("approval").path("decided_by").asString()).isEqualTo("token:bootstrap");
      assertThat(denied.path("approval").path("reason").asString()).isEqualTo("not today");
      assertThat(gateway.http().post("/approvals/apr_unknown/approve", "").assertStatus(404).errorCode())
          .isEqualTo("unknown_approval");
    } finally {
      approvals.unregister();
    }
  }

  @Test
  void withoutAnApprovalsServiceTheResourceSaysItIsUnavailable() {
    assertThat(gateway.http().get("/approvals").assertStatus(503).errorCode()).isEqualTo("approvals_unavailable");
    assertThat(gateway.http().post("/approvals/apr_1/approve", "").assertStatus(503).errorCode()).isEqualTo("approvals_unavailable");
  }
}
