package ai.tyrum.gateway.itest.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.Approval.State;
import ai.tyrum.gateway.spi.ApprovalException;
import ai.tyrum.gateway.spi.OperationApproval;
import ai.tyrum.gateway.spi.OperationRequest;
import ai.tyrum.gateway.spi.PluginApprovals;
import ai.tyrum.gateway.spi.PluginPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Approvals of plugin operations under the two-person rule, as the marketplace asks for them through the
 * PluginApprovals service and operators decide them at the console: listed beside the approvals of tool
 * calls, approved by distinct operators only, bound to one artifact digest and permission set, audited,
 * and durable across a restart.
 */
class PluginOperationApprovalsIT {

  private static final String POLICY = """
      tools:
        require_approval: [plugin.echo.echo]
      plugins:
        approvals:
          install: 2
      """;
  private static final String SHA = "0123456789abcdef".repeat(4);
  private static final OperationRequest INSTALL =
      new OperationRequest("install", "notes", "1.0.0", SHA, List.of("db:plugin", "fs.write:notes"));

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .plugin("echo")
        .dataFile("policy/deployment.yml", POLICY)
        .start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static String shell(String line) {
    return String.valueOf(gateway.shell().run(line).assertSucceeded().value());
  }

  private static String shellFails(String line) {
    return gateway.shell().run(line).assertFailed().console();
  }

  private static PluginApprovals approvals() {
    return gateway.service(PluginApprovals.class);
  }

  @Test
  void policyRequiresTwoOperatorsForAnInstallAndShowsIt() {
    assertThat(gateway.service(PluginPolicy.class).rules().approversFor("install")).isEqualTo(2);
    assertThat(gateway.service(PluginPolicy.class).rules().approversFor("enable")).isZero();
    assertThat(shell("policy:show")).contains("plugins.approvals.install   2 distinct operator(s)");
  }

  @Test
  void installRunsOnlyAfterTwoDistinctConsoleOperatorsApproved() {
    long seq = lastSeq();
    OperationApproval requested = approvals().authorize(INSTALL, 2, Optional.empty());
    assertThat(requested.state()).isEqualTo(State.pending);
    String id = requested.id();

    assertThat(shell("approval:list --state pending"))
        .contains(id).contains("install notes 1.0.0 sha256:0123456789abcdef…").contains("0 of 2");
    assertThat(shell("approval:approve --as alice " + id)).contains("1 of 2 approvals; 1 more distinct operator(s)");
    assertThat(shellFails("approval:approve --as alice " + id)).startsWith("error approver_repeated: ");
    assertThat(approvals().authorize(INSTALL, 2, Optional.of(id)).state()).as("one approval of two").isEqualTo(State.pending);

    assertThat(shell("approval:approve " + id)).startsWith("approved " + id + " by console: install notes 1.0.0 may now run");
    assertThat(shell("approval:list")).contains("2 of 2: console:alice, console");
    assertThat(approvals().authorize(INSTALL, 2, Optional.of(id)).state()).isEqualTo(State.used);

    List<JsonNode> requestedEvents = events(seq, "approval.requested");
    assertThat(requestedEvents).singleElement().satisfies(e -> {
      assertThat(e.path("payload").path("kind").asString()).isEqualTo("plugin_operation");
      assertThat(e.path("payload").path("sha256").asString()).isEqualTo(SHA);
      assertThat(e.path("payload").path("required").asInt()).isEqualTo(2);
    });
    assertThat(events(seq, "approval.decided")).singleElement().satisfies(e ->
        assertThat(e.path("payload").path("approvers").toString()).isEqualTo("[\"console:alice\",\"console\"]"));
  }

  @Test
  void approvalCoversOnlyItsDigestAndPermissions() {
    OperationRequest upgrade = new OperationRequest("upgrade", "notes", "1.1.0", SHA, List.of("db:plugin"));
    String id = approvals().authorize(upgrade, 1, Optional.empty()).id();
    shell("approval:approve --as bob " + id);

    OperationRequest otherJar = new OperationRequest("upgrade", "notes", "1.1.0", "f".repeat(64), List.of("db:plugin"));
    assertThatThrownBy(() -> approvals().authorize(otherJar, 1, Optional.of(id)))
        .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("approval_mismatch"));
    assertThat(approvals().find(id).orElseThrow().state()).isEqualTo(State.approved);
  }

  @Test
  void deniedOperationFailsAndSaysWhoDeniedIt() {
    OperationRequest enable = new OperationRequest("enable", "notes", "1.0.0", SHA, List.of());
    String id = approvals().authorize(enable, 2, Optional.empty()).id();
    assertThat(shell("approval:deny --as carol --reason 'unknown vendor' " + id)).isEqualTo("denied " + id + ": enable notes 1.0.0");
    assertThatThrownBy(() -> approvals().authorize(enable, 2, Optional.empty()))
        .isInstanceOfSatisfying(ApprovalException.class, e -> assertThat(e.code()).isEqualTo("approval_denied"))
        .hasMessageContaining("console:carol");
  }

  @Test
  void listShowsToolCallsAndPluginOperationsSideBySide() {
    String call = gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"hi\"}}")
        .assertStatus(202).json().path("approval").path("id").asString();
    OperationRequest other = new OperationRequest("install", "weather", "2.0.0", SHA, List.of());
    String operation = approvals().authorize(other, 2, Optional.empty()).id();

    String list = shell("approval:list --state pending");
    assertThat(list).contains(call).contains("tool plugin.echo.echo for agent default");
    assertThat(list).contains(operation).contains("install weather 2.0.0 sha256:");
    assertThat(shell("approval:list --json")).contains("\"kind\" : \"tool_call\"").contains("\"kind\" : \"plugin_operation\"");
  }

  @Test
  void consoleOperatorNameIsCheckedAndCannotPassForAToken() {
    String id = approvals().authorize(new OperationRequest("install", "maps", "1.0.0", SHA, List.of()), 2, Optional.empty()).id();
    assertThat(shellFails("approval:approve --as token:bootstrap " + id)).startsWith("error invalid_arguments: --as takes an operator name");
    assertThat(approvals().find(id).orElseThrow().approvers()).isEmpty();
  }

  @Test
  void partialApprovalSurvivesARestart() {
    OperationRequest install = new OperationRequest("install", "calendar", "3.0.0", SHA, List.of());
    String id = approvals().authorize(install, 2, Optional.empty()).id();
    shell("approval:approve --as alice " + id);

    gateway = gateway.restart();

    assertThat(shell("approval:list")).contains(id).contains("1 of 2: console:alice");
    assertThat(shellFails("approval:approve --as alice " + id)).startsWith("error approver_repeated: ");
    assertThat(shell("approval:approve --as bob " + id)).startsWith("approved " + id);
    assertThat(approvals().authorize(install, 2, Optional.empty()).state()).isEqualTo(State.used);
  }

  private static long lastSeq() {
    List<JsonNode> all = events(0, null);
    return all.isEmpty() ? 0 : all.get(all.size() - 1).path("seq").asLong();
  }

  private static List<JsonNode> events(long seq, String type) {
    List<JsonNode> found = new ArrayList<>();
    long after = seq;
    while (true) {
      JsonNode events = gateway.http().get("/events?after=" + after).assertStatus(200).json().path("events");
      if (events.isEmpty()) {
        return found;
      }
      events.forEach(e -> {
        if (type == null || e.path("type").asString().equals(type)) {
          found.add(e);
        }
      });
      after = events.get(events.size() - 1).path("seq").asLong();
    }
  }
}
