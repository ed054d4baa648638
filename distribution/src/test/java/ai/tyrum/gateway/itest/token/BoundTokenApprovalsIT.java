package ai.tyrum.gateway.itest.token;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.GatewayHttp;
import ai.tyrum.gateway.itest.HttpResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A token bound to an agent sees and decides the approvals of that agent's calls only: another agent's
 * approval, or a plugin operation's (no agent's), is {@code agent_mismatch}, and is left undecided.
 */
class BoundTokenApprovalsIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .plugin("echo")
        .dataFile("policy/deployment.yml", "tools:\n  require_approval: [plugin.echo.echo]\n")
        .start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void aBoundTokenListsAndDecidesOnlyItsOwnAgentsApprovals() {
    GatewayHttp ops = bound("ops");
    String opsCall = waiting(ops, "ops");
    String defaultCall = waiting(gateway.http(), "default");

    JsonNode listed = ops.get("/approvals").assertStatus(200).json();
    assertThat(listed.toString()).contains(opsCall).doesNotContain(defaultCall);
    assertThat(gateway.http().get("/approvals").json().toString()).contains(opsCall).contains(defaultCall);

    for (String verb : new String[] {"approve", "deny"}) {
      HttpResult refused = ops.post("/approvals/" + defaultCall + "/" + verb, "").assertStatus(403);
      assertThat(refused.errorCode()).isEqualTo("agent_mismatch");
      assertThat(refused.json().path("error").path("details").get(0).asString()).contains("ops").contains("default");
    }
    assertThat(state(defaultCall)).isEqualTo("pending");

    JsonNode approved = ops.post("/approvals/" + opsCall + "/approve", "").assertStatus(200).json();
    assertThat(approved.path("approval").path("state").asString()).isEqualTo("approved");
    assertThat(ops.post("/approvals/apr_unknown/approve", "").assertStatus(404).errorCode()).isEqualTo("unknown_approval");
  }

  private static GatewayHttp bound(String agent) {
    JsonNode created = gateway.http()
        .post("/tokens", "{\"scopes\":[\"tools.invoke\",\"operator.write\"],\"agent\":\"" + agent + "\"}")
        .assertStatus(201).json();
    return gateway.http().withToken(created.path("token").asString());
  }

  private static String waiting(GatewayHttp http, String agent) {
    JsonNode waiting = http.post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"" + agent + "\",\"input\":{\"text\":\"may I\"}}")
        .assertStatus(202).json();
    return waiting.path("approval").path("id").asString();
  }

  private static String state(String id) {
    for (JsonNode approval : gateway.http().get("/approvals").json().path("approvals")) {
      if (approval.path("id").asString().equals(id)) {
        return approval.path("state").asString();
      }
    }
    throw new AssertionError("no approval " + id);
  }
}
