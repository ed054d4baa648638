package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.lib.json.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.config.ConfigRedactor;
import ai.tyrum.gateway.core.config.Redactor;
import ai.tyrum.gateway.core.mcp.McpTools;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.registry.TestRegistry;
import ai.tyrum.gateway.lib.testing.ComponentConfig;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.Approvals;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The call path of DESIGN section 4, step by step, against a registry without a framework. */
class ToolGatewayTest {

  private static final String ANY_OBJECT =
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\"}";
  private static final String TEXT =
      "{\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",\"type\":\"object\","
          + "\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}";

  /** Held, so that a level set on it lasts (the logging framework keeps loggers weakly). */
  private static final Logger GATEWAY_LOG = Logger.getLogger(ToolGateway.class.getName());

  record Recorded(String type, Map<String, Object> payload) {}

  final List<Recorded> audit = new ArrayList<>();
  final GatewayEvents events = (type, payload) -> {
    synchronized (audit) {
      audit.add(new Recorded(type, new LinkedHashMap<>(payload)));
      return audit.size();
    }
  };
  /** What the fake policy decides for every tool. */
  Decision decision = Decision.allow;
  List<String> redactions = List.of();
  final ToolPolicy policy = new ToolPolicy() {
    @Override
    public PolicyDecision decide(ToolDescriptor tool, String agent) {
      return new PolicyDecision(decision, decision != Decision.deny, "test_" + decision.name(), "", "snap-1", redactions);
    }

    @Override
    public Optional<PolicyDecision> replay(ToolDescriptor tool, String agent, String snapshotId) {
      return Optional.empty();
    }

    @Override
    public String snapshotId() {
      return "snap-1";
    }
  };
  final PolicyGate gate = new PolicyGate();
  ToolGateway gateway;
  TestRegistry plugin;

  @BeforeEach
  void setUp() {
    plugin = new TestRegistry(events, "p", TEXT, TEXT,
        List.of(TestRegistry.tool("echo", "read_only"), TestRegistry.tool("any", "read_only")), List.of());
    plugin.serve("echo", call -> ToolResult.of(Map.of("text", call.string("text"))));
    gate.setPolicy(policy);
    gateway = gatewayWith(Map.of());
  }

  /** A gateway as DS makes it, under {@link ToolCallLimits} with {@code limits} set. */
  private ToolGateway gatewayWith(Map<String, ?> limits) {
    Redactor secret = new ConfigRedactor(id -> id.equals("p") ? Set.of("hunter2-config-secret") : Set.of());
    return gatewayWith(limits, secret);
  }

  private ToolGateway gatewayWith(Map<String, ?> limits, Redactor redactor) {
    return new ToolGateway(plugin.registry, McpTools.NONE, gate, redactor, events, ComponentConfig.of(ToolCallLimits.class, limits));
  }

  /** Replaces the gateway with one whose config redaction of outputs does {@code step} first. */
  private void redactOutputsWith(Map<String, ?> limits, Runnable step) {
    Redactor passing = new ConfigRedactor(id -> Set.of());
    gateway.deactivate();
    gateway = gatewayWith(limits, new Redactor() {
      @Override
      public JsonNode redact(String pluginId, JsonNode output) {
        step.run();
        return passing.redact(pluginId, output);
      }

      @Override
      public String redact(String pluginId, String text) {
        return passing.redact(pluginId, text);
      }
    });
  }

  private List<Map<String, Object>> calls() {
    return audit.stream().filter(r -> r.type().equals("plugin_tool.invoked")).map(Recorded::payload).toList();
  }

  /** Replaces the gateway with one under other limits, as a configuration change does. */
  private void reconfigure(Map<String, ?> limits) {
    gateway.deactivate();
    gateway = gatewayWith(limits);
  }

  @AfterEach
  void tearDown() {
    gateway.deactivate();
  }

  private ToolOutcome call(String json) {
    return gateway.invoke("default", "plugin.p.echo", json);
  }

  private void fails(String code, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isEqualTo(code));
  }

  private Map<String, Object> lastCall() {
    return audit.stream().filter(r -> r.type().equals("plugin_tool.invoked")).reduce((a, b) -> b).orElseThrow().payload();
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void auditRecordOfACallCarriesTheSnapshotAndTheInputHashThatDecidedIt() throws Exception {
    ToolOutcome outcome = call("{ \"text\" : \"hi\" }");
    assertThat(outcome.output()).containsEntry("text", "hi");
    assertThat(outcome.policySnapshot()).isEqualTo("snap-1");
    Map<String, Object> record = lastCall();
    assertThat(record).containsEntry("policy_snapshot", "snap-1")
        .containsEntry("input_sha256", sha256("{\"text\":\"hi\"}"))
        .containsEntry("decision", "allow")
        .containsEntry("reason", "test_allow")
        .containsEntry("outcome", "ok");
    assertThat(record.toString()).doesNotContain("hi\"");
    assertThat(audit.stream().filter(r -> r.type().equals("plugin_tool.invoked"))).hasSize(1);
  }

  @Test
  void callNamingAnAgentOutsideTheAgentIdRuleIsRefusedBeforeAnythingRuns() {
    for (String agent : new String[] {"", "two words", "../ops", "-lead", "a".repeat(65), "agent\n"}) {
      assertThatThrownBy(() -> gateway.invoke(agent, "plugin.p.echo", "{\"text\":\"hi\"}"))
          .as("agent %s", agent)
          .isInstanceOfSatisfying(ToolCallException.class, e -> {
            assertThat(e.code()).isEqualTo("invalid_agent");
            assertThat(e.details()).containsExactly("agent");
          });
    }
    assertThat(audit).noneMatch(r -> r.type().equals("plugin_tool.invoked"));
    assertThat(gateway.invoke("ops.team_1-a", "plugin.p.echo", "{\"text\":\"hi\"}").output()).containsEntry("text", "hi");
  }

  @Test
  void withoutAPolicyServiceEveryToolIsHidden() {
    gate.unsetPolicy(policy);
    fails("tool_not_exposed", () -> call("{\"text\":\"hi\"}"));
    assertThat(lastCall()).containsEntry("reason", "policy_unavailable").containsEntry("outcome", "error");
  }

  @Test
  void deniedToolIsNotExposedAndTheRefusalIsAudited() {
    decision = Decision.deny;
    fails("tool_not_exposed", () -> call("{\"text\":\"hi\"}"));
    assertThat(lastCall()).containsEntry("error", "tool_not_exposed").containsEntry("policy_snapshot", "snap-1");
  }

  @Test
  void inputThatBreaksTheContractNeverReachesThePlugin() {
    fails("invalid_input", () -> call("{\"text\":42}"));
  }

  @Test
  void inputWithoutACanonicalFormIsRefusedAndAudited() {
    fails("invalid_input", () -> call("{\"text\":\"\\ud800\"}"));
    assertThat(lastCall()).containsEntry("error", "invalid_input");
  }

  @Test
  void inputOverTheCapIsRefused() {
    fails("input_too_large", () -> call("{\"text\":\"" + "x".repeat(64 * 1024) + "\"}"));
  }

  @Test
  void inputCapIsConfiguration() {
    reconfigure(Map.of("max_input_bytes", 100));
    fails("input_too_large", () -> call("{\"text\":\"" + "x".repeat(100) + "\"}"));
    assertThat(call("{\"text\":\"" + "x".repeat(80) + "\"}").output()).containsKey("text");
  }

  @Test
  void aLimitThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> gatewayWith(Map.of("timeout_ms", 0L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout.ms");
  }

  @Test
  void callThatNeedsApprovalFailsClosedWithoutTheApprovalsService() {
    decision = Decision.require_approval;
    fails("approval_unavailable", () -> call("{\"text\":\"hi\"}"));
  }

  @Test
  void callThatNeedsApprovalWaitsForItAndRunsWithIt() {
    decision = Decision.require_approval;
    List<ApprovalRequest> asked = new ArrayList<>();
    Approval.State[] state = {Approval.State.pending};
    gate.setApprovals(new FakeApprovals() {
      @Override
      public Approval authorize(ApprovalRequest call, Optional<String> id) {
        asked.add(call);
        return new Approval("apr_1", call, state[0], Instant.EPOCH, Instant.EPOCH.plusSeconds(60), Optional.empty(), "", "");
      }
    });
    assertThatThrownBy(() -> call("{\"text\":\"hi\"}")).isInstanceOfSatisfying(ApprovalRequiredException.class,
        e -> assertThat(e.approval().id()).isEqualTo("apr_1"));
    assertThat(lastCall()).containsEntry("outcome", "pending_approval").containsEntry("approval", "apr_1");
    state[0] = Approval.State.used;
    ToolOutcome outcome = call("{\"text\":\"hi\"}");
    assertThat(outcome.approval()).contains("apr_1");
    assertThat(lastCall()).containsEntry("approval", "apr_1").containsEntry("outcome", "ok");
    assertThat(asked.get(0).toolId()).isEqualTo("plugin.p.echo");
    assertThat(asked.get(0).snapshotId()).isEqualTo("snap-1");
  }

  @Test
  void pluginExceptionBecomesAStructuredError() {
    plugin.serve("any", call -> {
      throw new PluginException("quota_exceeded", "try tomorrow");
    });
    assertThatThrownBy(() -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("plugin_error");
          assertThat(e.details()).containsExactly("quota_exceeded");
        });
  }

  @Test
  void pluginErrorMessageIsRedactedLikeItsOutput() {
    redactions = List.of("sk-[a-z0-9]{8,}");
    plugin.serve("any", call -> {
      throw new PluginException("upstream_refused", "key sk-abcdefgh99 was refused");
    });
    assertThatThrownBy(() -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("plugin_error");
          assertThat(e.getMessage()).contains("[REDACTED]").doesNotContain("sk-abcdefgh99");
        });
  }

  @Test
  void unexpectedPluginExceptionIsReportedByTypeOnly() {
    plugin.serve("any", call -> {
      throw new IllegalStateException("internal secret detail");
    });
    assertThatThrownBy(() -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("plugin_error");
          assertThat(e.getMessage()).contains("IllegalStateException").doesNotContain("internal secret detail");
        });
  }

  @Test
  void toolThatDoesNotAnswerInTimeIsCutOff() {
    CountDownLatch never = new CountDownLatch(1);
    boolean[] interrupted = {false};
    plugin.serve("any", call -> {
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted[0] = true;
      }
      return ToolResult.of(Map.of("text", "late"));
    });
    reconfigure(Map.of("timeout_ms", 50L));
    fails("tool_timeout", () -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"));
    assertThat(lastCall()).containsEntry("error", "tool_timeout");
  }

  @Test
  void callBeyondThePluginsBoundWhileItsCallsOverrunIsRefusedAsPluginBusyAndAudited() {
    java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
    plugin.serve("any", call -> {
      while (!release.get()) {
        java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
        Thread.interrupted(); // ignores its interrupt: keeps its worker past the deadline
      }
      return ToolResult.of(Map.of("text", "late"));
    });
    reconfigure(Map.of("timeout_ms", 20L, "max_calls_per_plugin", 1));
    try {
      fails("tool_timeout", () -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"));
      // a call can time out before a worker takes it; then the slot is free again and the next call times out too
      for (int calls = 0; calls < 100 && !lastCall().get("error").equals("plugin_busy"); calls++) {
        assertThatThrownBy(() -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"))
            .isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.code()).isIn("tool_timeout", "plugin_busy"));
      }
      assertThat(lastCall()).containsEntry("error", "plugin_busy").containsEntry("failed_step", "execution");
    } finally {
      release.set(true);
    }
  }

  @Test
  void toolTimeoutKeepsItsOwnMessageUnderRedactionPatterns() {
    redactions = List.of("sk-[a-z]+");
    plugin.serve("any", call -> {
      sleep(200);
      return ToolResult.of(Map.of("text", "late"));
    });
    reconfigure(Map.of("timeout_ms", 20L));
    assertThatThrownBy(() -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("tool_timeout");
          assertThat(e.getMessage()).isEqualTo("the tool did not answer within 20 ms");
        });
    assertThat(lastCall()).containsEntry("error", "tool_timeout").containsEntry("failed_step", "execution");
  }

  @Test
  void outputThatBreaksTheContractIsRefused() {
    plugin.serve("any", call -> ToolResult.of(Map.of("other", 1)));
    fails("invalid_output", () -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"));
  }

  @Test
  void outputMatchesOfPolicyRedactionPatternsAreRedacted() {
    redactions = List.of("sk-[A-Za-z0-9]{8,}", "(?i)password=\\S+");
    ToolOutcome outcome = call("{\"text\":\"key sk-abcdefgh1234 and PASSWORD=hunter2 end\"}");
    assertThat(outcome.output().get("text")).isEqualTo("key [REDACTED] and [REDACTED] end");
    assertThat(lastCall()).containsEntry("redactions", 2);
  }

  @Test
  void redactionReachesNestedValues() {
    plugin.serve("any", call -> ToolResult.of(Map.of("text", "ok", "items", List.of(Map.of("token", "sk-AAAAAAAAAAAA")), "list", List.of("sk-BBBBBBBBBBBB"))));
    redactions = List.of("sk-[A-Z]{8,}");
    ToolOutcome outcome = gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}");
    assertThat(outcome.output().toString()).doesNotContain("sk-").contains("[REDACTED]");
  }

  @Test
  void redactionPatternsThatBacktrackExponentiallyInJavaRunInLinearTime() {
    // (\w+\s*)+= overflowed java.util.regex's stack on 8 KiB, and .*.*= took 34 s of CPU on 2.5 KiB
    redactions = List.of("(\\w+\\s*)+=", ".*.*=");
    String words = "word ".repeat(1700);
    ToolOutcome outcome = call("{\"text\":\"" + words + "\"}");
    assertThat(outcome.output().get("text")).isEqualTo(words);
    assertThat(lastCall()).containsEntry("outcome", "ok").doesNotContainKey("redactions");
    assertThat(call("{\"text\":\"a b=c\"}").output().get("text")).isEqualTo("[REDACTED]c");
    assertThat(lastCall()).containsEntry("outcome", "ok").containsEntry("redactions", 1);
  }

  @Test
  void redactionPatternTheCoreCannotCompileRefusesTheCallBeforeTheToolRuns() {
    boolean[] ran = {false};
    plugin.serve("any", call -> {
      ran[0] = true;
      return ToolResult.of(Map.of("text", "x"));
    });
    redactions = List.of("sk-.*", "(a)\\1");
    assertThatThrownBy(() -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_policy");
          assertThat(e.details()).containsExactly("/redaction/patterns/1");
        });
    assertThat(ran[0]).isFalse();
    assertThat(lastCall()).containsEntry("error", "invalid_policy").containsEntry("failed_step", "policy");
  }

  @Test
  void redactionPastTheCallsDeadlineFailsItAsToolTimeoutWithOneAuditRecord() {
    redactions = List.of("sk-[a-z]+");
    // the tool runs on a worker the call may have to start first: room for that on a busy machine
    redactOutputsWith(Map.of("timeout_ms", 200L), () -> sleep(400));
    fails("tool_timeout", () -> call("{\"text\":\"sk-abc\"}"));
    assertThat(calls()).singleElement().satisfies(record -> assertThat(record)
        .containsEntry("outcome", "error")
        .containsEntry("error", "tool_timeout")
        .containsEntry("failed_step", "redaction"));
  }

  @Test
  void stackOverflowAfterTheToolRanIsAnInvalidOutputWithOneAuditRecord() {
    redactOutputsWith(Map.of(), () -> {
      throw new StackOverflowError();
    });
    assertThatThrownBy(() -> call("{\"text\":\"x\"}"))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_output");
          assertThat(e.status()).isEqualTo(502);
        });
    assertThat(calls()).singleElement().satisfies(record -> assertThat(record)
        .containsEntry("error", "invalid_output")
        .containsEntry("failed_step", "redaction"));
  }

  @Test
  void unexpectedExceptionAfterTheToolRanIsAnInternalErrorWithOneAuditRecord() {
    redactOutputsWith(Map.of(), () -> {
      throw new IllegalStateException("a bug");
    });
    // the gateway logs the failure with its trace; this test expects it, the build output need not show it
    GATEWAY_LOG.setLevel(Level.OFF);
    try {
      assertThatThrownBy(() -> call("{\"text\":\"x\"}"))
          .isInstanceOfSatisfying(ToolCallException.class, e -> {
            assertThat(e.code()).isEqualTo("internal_error");
            assertThat(e.status()).isEqualTo(500);
            assertThat(e.getMessage()).doesNotContain("a bug");
          });
    } finally {
      GATEWAY_LOG.setLevel(null);
    }
    assertThat(calls()).singleElement().satisfies(record -> assertThat(record)
        .containsEntry("error", "internal_error")
        .containsEntry("failed_step", "redaction"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void outputOverTheCapIsTruncatedWithAMarker() {
    reconfigure(Map.of("max_output_bytes", 1024));
    ToolOutcome outcome = call("{\"text\":\"" + "y".repeat(5000) + "\"}");
    String text = (String) outcome.output().get("text");
    assertThat(outcome.truncated()).isTrue();
    assertThat(text).startsWith("yyyy").endsWith("characters]").contains("…[truncated ");
    assertThat(OutputGuard.size(Json.MAPPER.valueToTree(outcome.output())))
        .isLessThanOrEqualTo(1024);
    assertThat(lastCall()).containsEntry("output_truncated", true);
  }

  @Test
  void outputOfManySmallValuesIsTruncatedByDroppingTrailingElements() {
    List<Integer> numbers = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      numbers.add(i);
    }
    plugin.serve("any", call -> ToolResult.of(Map.of("text", "n", "numbers", numbers)));
    reconfigure(Map.of("max_output_bytes", 512));
    ToolOutcome outcome = gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}");
    assertThat(outcome.truncated()).isTrue();
    assertThat((List<?>) outcome.output().get("numbers")).isNotEmpty().hasSizeLessThan(2000);
  }

  @Test
  void outputUnderTheCapIsUntouched() {
    assertThat(call("{\"text\":\"short\"}").truncated()).isFalse();
  }

  @Test
  void sensitiveConfigValuesAndPolicyPatternsAreBothRedacted() {
    redactions = List.of("sk-[A-Za-z0-9]{8,}");
    ToolOutcome outcome = call("{\"text\":\"cfg hunter2-config-secret and sk-abcdefgh1234\"}");
    assertThat(outcome.output().get("text")).isEqualTo("cfg [REDACTED] and [REDACTED]");
  }

  @Test
  void sensitiveConfigValueIsRedactedFromAPluginErrorMessage() {
    plugin.serve("any", call -> {
      throw new PluginException("bad_key", "hunter2-config-secret was refused");
    });
    assertThatThrownBy(() -> gateway.invoke("default", "plugin.p.any", "{\"text\":\"x\"}"))
        .isInstanceOfSatisfying(ToolCallException.class, e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
  }

  /** Approvals that a test overrides where it needs to. */
  abstract static class FakeApprovals implements Approvals {
    @Override
    public List<Approval> list() {
      return List.of();
    }

    @Override
    public Optional<Approval> find(String id) {
      return Optional.empty();
    }

    @Override
    public Approval approve(String id, String actor) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Approval deny(String id, String actor, String reason) {
      throw new UnsupportedOperationException();
    }
  }
}
