package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.config.Redactor;
import ai.tyrum.gateway.core.manifest.PluginSchema;
import ai.tyrum.gateway.core.mcp.McpTool;
import ai.tyrum.gateway.core.mcp.McpTools;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.CanonicalDigest;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.lib.schema.Schemas.Violation;
import ai.tyrum.gateway.spi.AgentId;
import ai.tyrum.gateway.spi.ApprovalRequest;
import ai.tyrum.gateway.spi.CallBudgets;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.PolicyDecision;
import com.google.re2j.Pattern;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one path of every plugin tool call (DESIGN section 4): exposure, input contract and size cap,
 * execution under a deadline with bounded concurrency ({@link ToolExecutor}), output contract and
 * size cap, and one audit record. Each step fails closed with a stable code; the policy steps are the
 * {@link CallPolicy}'s. The limits are configuration ({@link ToolCallLimits}): a change re-creates the
 * component, so every call runs under the limits it started with.
 */
@Component(service = ToolInvoker.class, configurationPid = ToolCallLimits.PID)
@Designate(ocd = ToolCallLimits.class)
public final class ToolGateway implements ToolInvoker {

  private static final JsonMapper JSON = Json.MAPPER;
  private static final System.Logger LOG = System.getLogger(ToolGateway.class.getName());
  /** Who acts when a call comes from the gateway's console rather than a token. */
  private static final String CONSOLE = "console";

  private final Plugins plugins;
  private final McpTools mcpTools;
  private final CallPolicy policy;
  private final Redactor redactor;
  private final GatewayEvents events;
  private final long timeoutMs;
  private final int maxInputBytes;
  private final int maxOutputBytes;
  private final ToolExecutor executor;
  private final RedactionPatterns redactionPatterns = new RedactionPatterns();

  @Activate
  public ToolGateway(
      @Reference Plugins plugins,
      @Reference McpTools mcpTools,
      @Reference CallPolicy policy,
      @Reference Redactor redactor,
      @Reference GatewayEvents events,
      ToolCallLimits limits) {
    this.plugins = plugins;
    this.mcpTools = mcpTools;
    this.policy = policy;
    this.redactor = redactor;
    this.events = events;
    this.timeoutMs = positive(limits.timeout_ms(), "timeout.ms");
    this.maxInputBytes = (int) positive(limits.max_input_bytes(), "max.input.bytes");
    this.maxOutputBytes = (int) positive(limits.max_output_bytes(), "max.output.bytes");
    int concurrent = limits.max_concurrent_calls() > 0
        ? limits.max_concurrent_calls()
        : Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
    int perPlugin = limits.max_calls_per_plugin() > 0 ? limits.max_calls_per_plugin() : Math.max(1, concurrent / 2);
    this.executor = new ToolExecutor(concurrent, perPlugin, limits.budgets_enforced());
  }

  private static long positive(long value, String property) {
    if (value <= 0) {
      // refused here, so DS logs the bad configuration and the gateway serves no call rather than a wrong one
      throw new IllegalArgumentException(ToolCallLimits.PID + " " + property + " must be positive, not " + value);
    }
    return value;
  }

  @Deactivate
  public void deactivate() {
    executor.shutdown();
  }

  /**
   * Calls {@code toolId} for {@code agent} with {@code input} (JSON text).
   *
   * @throws ToolCallException with the stable code of the step that refused or failed
   */
  public ToolOutcome invoke(String agent, String toolId, String input) {
    return invoke(agent, CONSOLE, toolId, input, Optional.empty());
  }

  /** Calls {@code toolId} with {@code input} (JSON text), under approval {@code approvalId} if given. */
  @Override
  public ToolOutcome invoke(String agent, String actor, String toolId, String input, Optional<String> approvalId) {
    if (input.length() > maxInputBytes) {
      throw new ToolCallException(
          "input_too_large", 413, "the input is larger than " + maxInputBytes + " bytes", List.of());
    }
    JsonNode node;
    try {
      node = JSON.readTree(input);
    } catch (JacksonException e) {
      throw new ToolCallException("invalid_json", 400, "the input is not JSON: " + e.getOriginalMessage(), List.of());
    }
    return invoke(agent, actor, toolId, node, approvalId);
  }

  /** Calls {@code toolId} for {@code agent} with a parsed input, as the console. */
  public ToolOutcome invoke(String agent, String toolId, JsonNode input) {
    return invoke(agent, CONSOLE, toolId, input, Optional.empty());
  }

  /**
   * Calls {@code toolId} for {@code agent} with a parsed input, through DESIGN section 4 steps 1 to 6.
   *
   * @param approvalId the approval granted for exactly this call, when policy requires one; without it
   *     an approved approval for the same call is used, else one is requested
   * @throws ApprovalRequiredException when the call waits for an operator's approval
   * @throws ToolCallException with the stable code of the step that refused or failed
   */
  @Override
  public ToolOutcome invoke(String agent, String actor, String toolId, JsonNode input, Optional<String> approvalId) {
    long started = System.nanoTime();
    requireAgent(agent);
    BoundTool tool = plugins.tool(toolId).or(() -> mcpTools.tool(toolId)).orElseThrow(() -> unknown(toolId));
    Map<String, Object> audit = new LinkedHashMap<>(32); // a record's dozen or so facts, without a resize
    audit.put("tool", toolId);
    audit.put("plugin", tool.plugin().eventIdentity());
    audit.put("agent", agent);
    audit.put("actor", actor);
    // a plugin's call of another tool (ToolCaller) runs on the calling plugin's worker thread
    Optional<ActiveCall> caller = ActiveCall.current();
    caller.ifPresent(c -> audit.put("called_by", Map.of("plugin", c.pluginId(), "tool", c.toolId())));
    // the step under way: a failure names it in the audit record, and once the record is written
    // (Step.AUDIT) nothing records the call again
    Step step = Step.EXPOSURE;
    try {
      // 1. exposure
      PolicyDecision decision = policy.decide(tool.descriptor(), agent);
      CallPolicy.record(decision, audit);
      if (!decision.exposed()) {
        throw new ToolCallException(
            "tool_not_exposed", 403, "tool " + toolId + " is not exposed to agent " + agent, List.of(decision.reason()));
      }
      // 2. contract
      step = Step.INPUT_CONTRACT;
      // one canonical form (RFC 8785) serves the hash that approvals and audit name and the size cap
      CanonicalDigest canonical = canonicalDigest(input);
      String inputSha256 = canonical.sha256();
      audit.put("input_sha256", inputSha256);
      long inputBytes = canonical.bytes();
      audit.put("input_bytes", inputBytes);
      if (inputBytes > maxInputBytes) {
        throw new ToolCallException(
            "input_too_large", 413, "the input is larger than " + maxInputBytes + " bytes", List.of());
      }
      contract(tool.inputSchema(), input, "invalid_input", 400, "the input does not match the tool's input schema");

      // 3. policy decision; its redaction patterns compile before the tool runs, so a policy the core
      // cannot apply fails the call closed while it has done nothing
      step = Step.POLICY;
      Optional<String> usedApproval =
          policy.enforce(decision, new ApprovalRequest(toolId, agent, inputSha256, decision.snapshotId()), approvalId, audit);
      List<Pattern> redactions = redactionPatterns.of(decision.redactions());

      // 4. execution; the deadline covers the output steps too
      step = Step.EXECUTION;
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
      @SuppressWarnings("unchecked")
      Map<String, Object> arguments = JSON.treeToValue(input, Map.class);
      ToolResult result;
      ActiveCall active = new ActiveCall(tool.plugin().id(), toolId, agent, caller).until(deadline);
      try {
        CallBudgets.Budget budget = policy.budgets().of(tool.plugin().id());
        result = executor.run(tool, new ToolCall(toolId, agent, arguments), timeoutMs, active, budget);
      } catch (ToolCallException e) {
        // a plugin's own error message reaches the caller: it gets the output's redaction too
        throw redacted(e, tool, withRevealed(redactions, active), deadline);
      } finally {
        redactions = withRevealed(redactions, active);
      }

      // 5. output: contract, then redaction, then the size cap (truncated with a marker)
      step = Step.OUTPUT_CONTRACT;
      JsonNode output = JSON.valueToTree(result.output());
      contract(tool.outputSchema(), output, "invalid_output", 502, "the plugin's output does not match its output schema");
      step = Step.REDACTION;
      // a tool never hands out a sensitive (writeOnly) value of its plugin's config
      JsonNode configSafe = redactor.redact(tool.plugin().id(), output);
      if (!(configSafe instanceof ObjectNode shown)) {
        throw new ToolCallException("invalid_output", 502, "the plugin's output is not a JSON object", List.of());
      }
      int redacted = redact(shown, redactions, deadline);
      if (redacted > 0) {
        audit.put("redactions", redacted);
      }
      step = Step.SIZE_CAP;
      OutputGuard.Capped capped = OutputGuard.cap(shown, maxOutputBytes);
      boolean truncated = capped.truncated();
      audit.put("output_bytes", capped.size());
      if (truncated) {
        audit.put("output_truncated", true);
      }
      // 6. audit: the call reports success only once its record is in the log (see AuditLog.Sync)
      audit.put("outcome", "ok");
      audit.put("duration_ms", elapsedMs(started));
      step = Step.AUDIT;
      long seq = events.record("plugin_tool.invoked", audit);
      @SuppressWarnings("unchecked")
      Map<String, Object> answer =
          configSafe != output || redacted > 0 || truncated ? JSON.treeToValue(shown, Map.class) : result.output();
      return new ToolOutcome(answer, decision.decision().name(), seq, decision.snapshotId(), usedApproval, truncated);
    } catch (ApprovalRequiredException e) {
      audit.put("outcome", "pending_approval");
      audit.put("duration_ms", elapsedMs(started));
      events.record("plugin_tool.invoked", audit);
      throw e;
    } catch (GatewayException e) {
      if (e instanceof BudgetExceededException over) {
        audit.put("budget", over.auditFields());
      }
      if (step != Step.AUDIT) {
        recordFailure(e.code(), step, audit, started);
      }
      throw e;
    } catch (RuntimeException | StackOverflowError e) {
      // a fault of the gateway's own steps, or an output that breaks one (too deeply nested): the caller
      // gets a coded error, never the container's error page, and a call that ran is still on record
      ToolCallException failure = unexpected(e, step, toolId);
      if (step != Step.AUDIT) {
        recordFailure(failure.code(), step, audit, started);
      }
      throw failure;
    } catch (Error e) {
      if (step != Step.AUDIT) {
        recordFailure("internal_error", step, audit, started); // the JVM is in trouble; the record is tried all the same
      }
      throw e;
    }
  }

  /** A tool nobody serves: an MCP tool held for approval says so, with what to run. */
  private ToolCallException unknown(String toolId) {
    Optional<McpTool> held = toolId.startsWith("mcp.") ? mcpTools.listed(toolId) : Optional.empty();
    if (held.isPresent()) {
      return new ToolCallException(held.get().reason(), 409, "MCP tool " + toolId + " is held: " + held.get().message(),
          List.of(held.get().reason()));
    }
    if (toolId.startsWith("mcp.")) {
      // a server lists its tools a moment after it starts (and again after each restart)
      return new ToolCallException("unknown_tool", 404, "no running MCP server lists tool " + toolId
          + "; mcp:list shows whether its server is running, mcp:tools what it lists", List.of());
    }
    return new ToolCallException("unknown_tool", 404, "no loaded plugin serves tool " + toolId + "; see tool:list", List.of());
  }

  /** The steps of the call path, as an error's audit record names them ({@code failed_step}). */
  private enum Step {
    EXPOSURE, INPUT_CONTRACT, POLICY, EXECUTION, OUTPUT_CONTRACT, REDACTION, SIZE_CAP, AUDIT;

    String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private void recordFailure(String code, Step step, Map<String, Object> audit, long started) {
    audit.put("outcome", "error");
    audit.put("error", code);
    audit.put("failed_step", step.code());
    audit.put("duration_ms", elapsedMs(started));
    events.record("plugin_tool.invoked", audit);
  }

  private static ToolCallException unexpected(Throwable e, Step step, String toolId) {
    List<String> details = List.of(step.code());
    boolean output = step == Step.OUTPUT_CONTRACT || step == Step.REDACTION || step == Step.SIZE_CAP;
    if (output && (e instanceof StackOverflowError || step == Step.OUTPUT_CONTRACT)) {
      return new ToolCallException(
          "invalid_output", 502, "the plugin's output could not be checked (" + e.getClass().getSimpleName()
              + "); it is nested too deeply or is not JSON", details);
    }
    if (step == Step.INPUT_CONTRACT && e instanceof StackOverflowError) {
      return new ToolCallException("invalid_input", 400, "the input is nested too deeply to be checked", details);
    }
    LOG.log(System.Logger.Level.ERROR, "call of " + toolId + " failed in step " + step.code(), e);
    return new ToolCallException(
        "internal_error", 500, "the gateway failed in step " + step.code() + " of the call; see its log", details);
  }

  /**
   * The call's redaction patterns and, first, every secret the host services handed the plugin during
   * the call (DESIGN section 3): a resolved secret never leaves in the output or the error.
   */
  private static List<Pattern> withRevealed(List<Pattern> redactions, ActiveCall active) {
    List<String> revealed = active.revealed();
    if (revealed.isEmpty()) {
      return redactions;
    }
    List<Pattern> all = new java.util.ArrayList<>(revealed.size() + redactions.size());
    revealed.forEach(value -> all.add(Pattern.compile(Pattern.quote(value))));
    all.addAll(redactions);
    return all;
  }

  /** Redacts {@code shown} in place; past {@code deadline} the call fails as {@code tool_timeout}. */
  private int redact(ObjectNode shown, List<Pattern> redactions, long deadline) {
    try {
      return OutputGuard.redact(shown, redactions, deadline);
    } catch (OutputGuard.PastDeadline e) {
      throw new ToolCallException(
          "tool_timeout", 504, "the tool's output could not be redacted within the call's deadline of " + timeoutMs + " ms",
          List.of(Step.REDACTION.code()));
    }
  }

  /**
   * Refuses an agent id outside {@link AgentId}'s rule, whichever surface passed it: policy files are
   * named after agents, and approvals and audit records name them.
   */
  public static void requireAgent(String agent) {
    if (!AgentId.valid(agent)) {
      throw new ToolCallException("invalid_agent", 400, AgentId.RULE, List.of("agent"));
    }
  }

  /**
   * A plugin's failure as the caller sees it: its message, which the plugin (or its MCP server) wrote,
   * redacted like an output. The executor's own refusals (plugin_busy, overloaded, tool_timeout, budget_exceeded, interrupted) carry nothing of the
   * plugin, and stay as they are even when the deadline has passed.
   */
  private ToolCallException redacted(ToolCallException e, BoundTool tool, List<Pattern> redactions, long deadline) {
    if (!e.code().equals("plugin_error") && !e.code().equals("mcp_tool_error")) {
      return e;
    }
    String message = redactor.redact(tool.plugin().id(), String.valueOf(e.getMessage()));
    ObjectNode holder = JSON.createObjectNode();
    holder.put("message", message);
    int matches;
    try {
      matches = OutputGuard.redact(holder, redactions, deadline);
    } catch (OutputGuard.PastDeadline pastDeadline) {
      return new ToolCallException(
          e.code(), e.status(), "the plugin failed; its message is withheld, as it could not be redacted within the"
              + " call's deadline of " + timeoutMs + " ms", e.details());
    }
    if (matches == 0 && message.equals(e.getMessage())) {
      return e;
    }
    return new ToolCallException(e.code(), e.status(), holder.get("message").stringValue(), e.details());
  }

  /** SHA-256 (hex) of the canonical JSON (RFC 8785) of {@code value}, the input hash approvals and audit name. */
  public static String canonicalSha256(Object value) {
    return canonicalDigest(value).sha256();
  }

  /** Hash and size of the canonical JSON (RFC 8785) of {@code value}; refused with invalid_input when it has none. */
  private static CanonicalDigest canonicalDigest(Object value) {
    try {
      return CanonicalDigest.of(value);
    } catch (IllegalArgumentException e) {
      // JSON that RFC 8785 cannot represent (an unpaired surrogate) could not be hashed for an approval
      throw new ToolCallException("invalid_input", 400, "the input has no canonical form: " + e.getMessage(), List.of());
    }
  }

  private static void contract(PluginSchema schema, JsonNode value, String code, int status, String message) {
    com.networknt.schema.Schema compiled;
    try {
      compiled = schema.compiled();
    } catch (Schemas.InvalidSchemaException e) {
      throw new ToolCallException("contract_unavailable", 500, "the tool's contract cannot be checked: "
          + String.join("; ", e.problems()) + "; reinstall the plugin", List.of());
    }
    List<Violation> violations = Schemas.validate(compiled, value);
    if (!violations.isEmpty()) {
      throw new ToolCallException(code, status, message, violations.stream().map(Violation::toString).toList());
    }
  }

  private static long elapsedMs(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }
}
