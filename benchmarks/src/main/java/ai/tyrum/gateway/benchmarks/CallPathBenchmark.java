package ai.tyrum.gateway.benchmarks;

import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import ai.tyrum.gateway.core.audit.AuditLog;
import ai.tyrum.gateway.core.config.ConfigRedactor;
import ai.tyrum.gateway.core.config.Redactor;
import ai.tyrum.gateway.core.data.GatewayHome;
import ai.tyrum.gateway.core.events.EventRecorder;
import ai.tyrum.gateway.core.invoke.PolicyGate;
import ai.tyrum.gateway.core.invoke.ToolCallLimits;
import ai.tyrum.gateway.core.invoke.ToolGateway;
import ai.tyrum.gateway.core.invoke.ToolOutcome;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.plugin.echo.EchoTool;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ToolGateway.invoke} on the echo tool with a 1 KiB input, against two baselines in the same run:
 * a direct call of the same tool object, and the contract floor (Jackson parse of the input plus
 * networknt validation of input and output). The gateway is assembled as DS would, outside a framework:
 * the real registry, the real YAML policy (shipped default), and the real event recorder over the real
 * audit log in either sync mode ({@code audit=always}: forced before the call returns, group commit;
 * {@code audit=interval}: written before the call returns, forced within 10 ms), or a no-op recorder
 * with {@code audit=off} to show the path's own cost.
 *
 * <p>A third baseline, {@link #requiredWork}, does only what DESIGN section 4 asks of every call on top
 * of the contract floor, each step as the gateway does it: the input's canonical SHA-256 (which approvals
 * and audit name) and one {@code plugin_tool.invoked} record appended to the same log. It shows how much
 * of the gateway's cost any implementation of that contract pays on this machine.
 *
 * <p>Every component is made through the constructor DS calls, with the default {@code tyrum.calls}
 * limits; {@link #gatewayWithoutBudgets} is a second call path with the budgets off, for their cost.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.SampleTime, Mode.Throughput})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@Threads(2)
public class CallPathBenchmark {

  static final String TOOL_ID = "plugin.echo.echo";

  @Param({"always", "interval", "off"})
  public String audit;

  private Path dir;
  private AuditLog log;
  private ToolGateway gateway;
  private ToolGateway withoutBudgets;
  private Tool echo;
  private Schema inputSchema;
  private Schema outputSchema;
  private JsonMapper json;
  private String input;
  private Map<String, Object> arguments;
  private GatewayEvents events;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("tyrum-bench-");
    json = Json.MAPPER;
    Schemas schemas = new Schemas();
    inputSchema = schemas.compile(resource("schemas/echo.input.json"));
    outputSchema = schemas.compile(resource("schemas/echo.output.json"));
    // {"text":"..."} of exactly 1024 bytes
    input = "{\"text\":\"" + "x".repeat(1024 - 11) + "\"}";
    arguments = Map.of("text", "x".repeat(1024 - 11));
    echo = new EchoTool();

    if (!audit.equals("off")) {
      log = AuditLog.open(dir.resolve("audit"), AuditLog.Sync.valueOf(audit));
      events = new EventRecorder(log); // without EventAdmin, as when none is bound
    } else {
      events = (type, payload) -> 0;
    }
    DataDirectory data = new GatewayHome(dir);
    PolicyGate policy = new PolicyGate();
    policy.setPolicy(new PolicyDecider(data, events));
    gateway = new ToolGateway(
        BenchRegistry.serving(events, "echo", "echo", "read_only", echo, inputSchema, outputSchema),
        ai.tyrum.gateway.core.mcp.McpTools.NONE,
        policy,
        noSensitiveConfig(),
        events,
        Defaults.of(ToolCallLimits.class));
    gateway.invoke("default", TOOL_ID, input); // fail here, not in the measurement, if the path is broken
    withoutBudgets = new ToolGateway(
        BenchRegistry.serving(events, "echo", "echo", "read_only", echo, inputSchema, outputSchema),
        ai.tyrum.gateway.core.mcp.McpTools.NONE,
        policy,
        noSensitiveConfig(),
        events,
        Defaults.of(ToolCallLimits.class, Map.of("budgets_enforced", false)));
    withoutBudgets.invoke("default", TOOL_ID, input);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    gateway.deactivate();
    withoutBudgets.deactivate();
    if (log != null) {
      log.close();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** Config redaction as for a plugin whose config holds no sensitive value (echo's default config). */
  private static Redactor noSensitiveConfig() {
    return new ConfigRedactor(pluginId -> Set.of());
  }

  private static JsonNode resource(String path) throws IOException {
    try (InputStream in = EchoTool.class.getClassLoader().getResourceAsStream(path)) {
      return Json.MAPPER.readTree(in);
    }
  }

  /** Baseline 1: the same tool object, called directly with the arguments already parsed. */
  @Benchmark
  public ToolResult direct() {
    return echo.invoke(new ToolCall(TOOL_ID, "default", arguments));
  }

  /** Baseline 2, the contract floor: parse the input, validate it and the output against their schemas. */
  @Benchmark
  public Object contractFloor() {
    JsonNode node = json.readTree(input);
    List<?> inputErrors = inputSchema.validate(node);
    List<?> outputErrors = outputSchema.validate(node);
    return inputErrors.size() + outputErrors.size() == 0 ? node : null;
  }

  /**
   * Baseline 3, the required work: the contract floor, the input's canonical SHA-256 and one audit
   * record of the call (none with {@code audit=off}), and nothing else: no policy, no executor, no
   * conversions, no output size check.
   */
  @Benchmark
  public long requiredWork() {
    JsonNode node = json.readTree(input);
    if (!inputSchema.validate(node).isEmpty() || !outputSchema.validate(node).isEmpty()) {
      return -1;
    }
    Map<String, Object> record = EchoCallRecord.of(ToolGateway.canonicalSha256(node));
    return events.record("plugin_tool.invoked", record);
  }

  /** The one call path: exposure, contract, policy, bounded executor, output checks, audit. */
  @Benchmark
  public ToolOutcome gateway() {
    return gateway.invoke("default", TOOL_ID, input);
  }

  /**
   * The same path with the budgets off ({@code tyrum.calls budgets.enforced=false}): the difference from
   * {@link #gateway} is what holding each call to its budget costs (two counter reads at its start and
   * end, and its place in the watch's set).
   */
  @Benchmark
  public ToolOutcome gatewayWithoutBudgets() {
    return withoutBudgets.invoke("default", TOOL_ID, input);
  }
}
