package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.GatewayHttp;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The two-person rule (DESIGN section 5, "Privilege"): with {@code plugins.approvals.install: 2} an install
 * waits for two distinct operators, who approve over HTTP; the plugin loads only then, and one operator
 * approving twice does not count twice.
 */
class TwoPersonRuleIT {

  @Test
  void installLoadsOnlyOnceTwoDistinctOperatorsApproved() {
    try (GatewayFramework gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace")
        .dataFile("policy/deployment.yml", "plugins:\n  approvals:\n    install: 2\n")
        .token("alice", "operator.admin")
        .token("bob", "operator.admin")
        .start()) {
      Installed.ready(gateway);
      String jar = gateway.fixture("versioned-1.0.0").toString();

      JsonNode pending = gateway.http().post("/plugins/install", "{\"file\":\"" + jar + "\"}").json();

      assertThat(pending.toString()).contains("pending_approval");
      String approval = pending.findValue("approval").asString();
      assertThat(approval).isNotEmpty();
      gateway.awaitPluginState("versioned", "pending_approval");
      GatewayHttp alice = gateway.http().withToken(gateway.token("alice"));
      GatewayHttp bob = gateway.http().withToken(gateway.token("bob"));

      alice.post("/approvals/" + approval + "/approve", "").assertStatus(200);
      assertThat(alice.post("/approvals/" + approval + "/approve", "").assertStatus(409).errorCode()).isEqualTo("approver_repeated");
      assertThat(gateway.pluginState("versioned")).isEqualTo("pending_approval");
      bob.post("/approvals/" + approval + "/approve", "").assertStatus(200);

      gateway.awaitPluginState("versioned", "loaded");
      assertThat(Installed.lockEntry(gateway, "versioned").path("approved_by").toString()).contains("alice", "bob");
    }
  }
}
