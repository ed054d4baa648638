package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A call that policy sends for approval: a durable approval that survives a restart, runs the call
 * once when approved, and fails it with a clear code when denied.
 */
class ApprovalIT {

  private static final String ECHO = "/tools/plugin.echo.echo/invoke";

  @Test
  void approvalRoundTripAcrossARestart() throws Exception {
    Path data;
    String token;
    String approvalId;
    String snapshot;
    try (TestGateway gateway = TestGateway.start()) {
      data = gateway.data;
      token = gateway.token;
      TestGateway.await("echo is loaded", () -> gateway.pluginState("echo").equals("loaded"));
      Files.writeString(data.resolve("policy/deployment.yml"), "tools:\n  require_approval: [\"plugin.echo.*\"]\n");
      gateway.shell("policy:reload");
      assertThat(gateway.shell("tool:explain plugin.echo.echo --agent default")).contains("approval_required_by_policy");

      JsonNode pending = gateway.post(ECHO, "{\"agent\":\"default\",\"input\":{\"text\":\"needs a yes\"}}").assertStatus(202).body();
      assertThat(pending.path("decision").asString()).isEqualTo("require_approval");
      approvalId = pending.path("approval").path("id").asString();
      snapshot = pending.path("policy_snapshot").asString();
      assertThat(approvalId).startsWith("apr_");
      assertThat(pending.path("approval").path("state").asString()).isEqualTo("pending");
      // the same call again waits on the same approval
      assertThat(gateway.post(ECHO, "{\"agent\":\"default\",\"input\":{\"text\":\"needs a yes\"}}").assertStatus(202)
              .body().path("approval").path("id").asString())
          .isEqualTo(approvalId);
      assertThat(gateway.shell("approval:list --state pending")).contains(approvalId).contains("plugin.echo.echo");
      assertThat(gateway.shell("tool:call plugin.echo.echo '{\"text\":\"needs a yes\"}'")).contains("approval required: " + approvalId);
    }

    try (TestGateway gateway = TestGateway.restart(data, token)) {
      TestGateway.await("echo is loaded", () -> gateway.pluginState("echo").equals("loaded"));
      JsonNode listed = gateway.get("/approvals").assertStatus(200).body().path("approvals");
      assertThat(listed.toString()).contains(approvalId).contains("\"state\":\"pending\"");

      JsonNode approved = gateway.post("/approvals/" + approvalId + "/approve", "").assertStatus(200).body();
      assertThat(approved.path("approval").path("state").asString()).isEqualTo("approved");
      assertThat(approved.path("approval").path("decided_by").asString()).startsWith("token:");

      JsonNode ran = gateway.post(ECHO, "{\"agent\":\"default\",\"approval\":\"" + approvalId + "\",\"input\":{\"text\":\"needs a yes\"}}")
          .assertStatus(200).body();
      assertThat(ran.path("output").path("text").asString()).isEqualTo("needs a yes");
      assertThat(ran.path("decision").asString()).isEqualTo("require_approval");
      assertThat(ran.path("approval").asString()).isEqualTo(approvalId);
      assertThat(ran.path("policy_snapshot").asString()).isEqualTo(snapshot);

      // it ran once
      JsonNode again = gateway.post(ECHO, "{\"agent\":\"default\",\"approval\":\"" + approvalId + "\",\"input\":{\"text\":\"needs a yes\"}}")
          .assertStatus(409).body();
      assertThat(again.path("error").path("code").asString()).isEqualTo("approval_used");
      // an approval covers its exact input only
      assertThat(gateway.post(ECHO, "{\"agent\":\"default\",\"approval\":\"" + approvalId + "\",\"input\":{\"text\":\"other\"}}")
              .assertStatus(409).body().path("error").path("code").asString())
          .isIn("approval_mismatch");

      // a denied approval fails its call
      String second = gateway.post(ECHO, "{\"agent\":\"default\",\"input\":{\"text\":\"no way\"}}").assertStatus(202)
          .body().path("approval").path("id").asString();
      assertThat(gateway.shell("approval:deny --reason 'not this one' " + second)).contains("denied " + second);
      JsonNode denied = gateway.post(ECHO, "{\"agent\":\"default\",\"approval\":\"" + second + "\",\"input\":{\"text\":\"no way\"}}")
          .assertStatus(403).body();
      assertThat(denied.path("error").path("code").asString()).isEqualTo("approval_denied");
      assertThat(gateway.post("/approvals/" + second + "/approve", "").assertStatus(409).body().path("error").path("code").asString())
          .isEqualTo("approval_already_decided");
      assertThat(gateway.post("/approvals/apr_00000000000000000000000000000000/approve", "").assertStatus(404)
              .body().path("error").path("code").asString())
          .isEqualTo("unknown_approval");

      List<JsonNode> records = gateway.auditRecords();
      assertThat(records).anySatisfy(r -> {
        assertThat(r.path("type").asString()).isEqualTo("approval.requested");
        assertThat(r.path("payload").path("approval").asString()).isEqualTo(approvalId);
      });
      assertThat(records).anySatisfy(r -> {
        assertThat(r.path("type").asString()).isEqualTo("approval.decided");
        assertThat(r.path("payload").path("decision").asString()).isEqualTo("denied");
      });
      assertThat(records).anySatisfy(r -> {
        assertThat(r.path("type").asString()).isEqualTo("plugin_tool.invoked");
        assertThat(r.path("payload").path("approval").asString()).isEqualTo(approvalId);
        assertThat(r.path("payload").path("outcome").asString()).isEqualTo("ok");
        assertThat(r.path("payload").path("policy_snapshot").asString()).isEqualTo(snapshot);
        assertThat(r.path("payload").path("input_sha256").asString()).hasSize(64);
      });
      JsonNode events = gateway.get("/events?after=0").assertStatus(200).body().path("events");
      assertThat(events.toString()).contains("approval.decided");
      assertThat(gateway.shell("audit:verify")).contains("chain intact");
    }
  }
}
