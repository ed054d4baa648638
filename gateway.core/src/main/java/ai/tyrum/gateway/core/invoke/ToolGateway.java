package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.config.PluginConfigs;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.PluginRegistry;
import ai.tyrum.gateway.core.schema.Schemas;
import ai.tyrum.gateway.core.schema.Schemas.Violation;
import ai.tyrum.gateway.spi.Exposure;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one path of every plugin tool call (DESIGN section 4): exposure, input contract and size cap,
 * execution on a bounded executor with a timeout, output contract and size cap, and one audit record.
 * Each step fails closed with a stable code. Policy decisions beyond exposure and approvals come with
 * the policy bundle's decision service.
 */
@Component(service = ToolGateway.class)
public final class ToolGateway {

  static final int MAX_INPUT_BYTES = 64 * 1024;
  static final int MAX_OUTPUT_BYTES = 32 * 1024;
  static final long TIMEOUT_MS = 30_000;

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Reference PluginRegistry registry;
  @Reference GatewayEvents events;
  @Reference PluginConfigs configs;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  volatile ToolPolicy policy;

  private ThreadPoolExecutor executor;

  @Activate
  void activate() {
    int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 4);
    AtomicInteger count = new AtomicInteger();
    executor =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(1024),
            r -> {
              Thread t = new Thread(r, "tyrum-tool-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            },
            new ThreadPoolExecutor.AbortPolicy());
    executor.allowCoreThreadTimeOut(true);
  }

  @Deactivate
  void deactivate() {
    executor.shutdownNow();
  }

  /** Whether {@code tool} is exposed to {@code agent}; fails closed without a policy. */
  public Exposure exposure(BoundTool tool, String agent) {
    ToolPolicy current = policy;
    if (current == null) {
      return Exposure.hidden("policy_unavailable");
    }
    return current.exposure(tool.descriptor(), agent);
  }

  /**
   * Calls {@code toolId} for {@code agent} with {@code input} (JSON text).
   *
   * @throws ToolCallException with the stable code of the step that refused or failed
   */
  public ToolOutcome invoke(String agent, String toolId, String input) {
    if (input.length() > MAX_INPUT_BYTES) {
      throw new ToolCallException(
          "input_too_large", 413, "the input is larger than " + MAX_INPUT_BYTES + " bytes", List.of());
    }
    JsonNode node;
    try {
      node = JSON.readTree(input);
    } catch (JacksonException e) {
      throw new ToolCallException("invalid_json", 400, "the input is not JSON: " + e.getOriginalMessage(), List.of());
    }
    return invoke(agent, toolId, node);
  }

  /** Calls {@code toolId} for {@code agent} with a parsed input. */
  public ToolOutcome invoke(String agent, String toolId, JsonNode input) {
    long started = System.nanoTime();
    BoundTool tool =
        registry
            .tool(toolId)
            .orElseThrow(
                () ->
                    new ToolCallException(
                        "unknown_tool", 404, "no loaded plugin serves tool " + toolId + "; see tool:list", List.of()));
    Map<String, Object> audit = new LinkedHashMap<>();
    audit.put("tool", toolId);
    audit.put("plugin", tool.plugin().eventIdentity());
    audit.put("agent", agent);
    try {
      Exposure exposure = exposure(tool, agent);
      if (!exposure.exposed()) {
        audit.put("decision", "deny");
        throw new ToolCallException(
            "tool_not_exposed", 403, "tool " + toolId + " is not exposed to agent " + agent, List.of(exposure.reason()));
      }
      audit.put("decision", "allow");
      int inputBytes = JSON.writeValueAsBytes(input).length;
      audit.put("input_bytes", inputBytes);
      if (inputBytes > MAX_INPUT_BYTES) {
        throw new ToolCallException(
            "input_too_large", 413, "the input is larger than " + MAX_INPUT_BYTES + " bytes", List.of());
      }
      contract(tool.inputSchema(), input, "invalid_input", 400, "the input does not match the tool's input schema");

      @SuppressWarnings("unchecked")
      Map<String, Object> arguments = JSON.treeToValue(input, Map.class);
      ToolResult result = execute(tool, new ToolCall(toolId, agent, arguments));

      JsonNode output = JSON.valueToTree(result.output());
      byte[] outputBytes = JSON.writeValueAsBytes(output);
      audit.put("output_bytes", outputBytes.length);
      contract(tool.outputSchema(), output, "invalid_output", 502, "the plugin's output does not match its output schema");
      if (outputBytes.length > MAX_OUTPUT_BYTES) {
        throw new ToolCallException(
            "output_too_large", 502, "the plugin's output is larger than " + MAX_OUTPUT_BYTES + " bytes", List.of());
      }
      Map<String, Object> shown = withoutSensitiveConfig(tool, output, result.output());
      audit.put("outcome", "ok");
      audit.put("duration_ms", elapsedMs(started));
      long seq = events.record("plugin_tool.invoked", audit);
      return new ToolOutcome(shown, "allow", seq);
    } catch (ToolCallException e) {
      audit.put("outcome", "error");
      audit.put("error", e.code());
      audit.put("duration_ms", elapsedMs(started));
      events.record("plugin_tool.invoked", audit);
      throw e;
    }
  }

  private static void contract(
      com.networknt.schema.Schema schema, JsonNode value, String code, int status, String message) {
    List<Violation> violations = Schemas.validate(schema, value);
    if (!violations.isEmpty()) {
      throw new ToolCallException(code, status, message, violations.stream().map(Violation::toString).toList());
    }
  }

  /** Step 5, redaction: a tool never hands out a sensitive ({@code writeOnly}) value of its plugin's config. */
  @SuppressWarnings("unchecked")
  private Map<String, Object> withoutSensitiveConfig(BoundTool tool, JsonNode output, Map<String, Object> original) {
    JsonNode redacted = configs.redact(tool.plugin().id(), output);
    return redacted == output ? original : JSON.treeToValue(redacted, Map.class);
  }

  private ToolResult execute(BoundTool tool, ToolCall call) {
    Future<ToolResult> future;
    try {
      future = executor.submit(() -> tool.service().invoke(call));
    } catch (RejectedExecutionException e) {
      throw new ToolCallException("overloaded", 503, "too many tool calls are running; retry later", List.of());
    }
    try {
      ToolResult result = future.get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
      if (result == null) {
        throw new ToolCallException("plugin_error", 502, "the plugin returned no result", List.of());
      }
      return result;
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ToolCallException("tool_timeout", 504, "the tool did not answer within " + TIMEOUT_MS + " ms", List.of());
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ToolCallException("interrupted", 503, "the call was interrupted", List.of());
    } catch (ExecutionException e) {
      if (e.getCause() instanceof PluginException failure) {
        throw new ToolCallException(
            "plugin_error", 502, "the plugin reported " + failure.code() + ": " + failure.getMessage(), List.of(failure.code()));
      }
      // other plugin exceptions may carry internals: report the type only
      throw new ToolCallException(
          "plugin_error", 502, "the plugin failed with " + e.getCause().getClass().getSimpleName(), List.of());
    }
  }

  private static long elapsedMs(long started) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
  }
}
