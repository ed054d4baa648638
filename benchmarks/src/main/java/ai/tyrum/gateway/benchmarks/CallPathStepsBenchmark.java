package ai.tyrum.gateway.benchmarks;

import ai.tyrum.gateway.core.audit.AuditLog;
import ai.tyrum.gateway.core.audit.AuditRecord;
import ai.tyrum.gateway.core.invoke.OutputGuard;
import ai.tyrum.gateway.core.invoke.ToolCallLimits;
import ai.tyrum.gateway.core.invoke.ToolGateway;
import ai.tyrum.gateway.lib.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the steps of {@code ToolGateway.invoke} beyond the contract floor cost on their own, one
 * thread, on the same 1 KiB echo input as {@link CallPathBenchmark}: the input's canonical hash (which
 * approvals and audit name), the output's size check, and one {@code plugin_tool.invoked} audit append
 * in {@code interval} mode (written, not forced); and what one redaction pattern from policy costs on
 * that output's 1 KiB string, with RE2/J (what the gateway runs operator patterns with, linear in the
 * text) against {@code java.util.regex} (a backtracking engine the gateway no longer uses for them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
public class CallPathStepsBenchmark {

  private Path dir;
  private AuditLog log;
  private JsonNode input;
  private ObjectNode output;
  private Map<String, Object> record;
  private int maxOutputBytes;
  private String text;
  private com.google.re2j.Pattern re2;
  private java.util.regex.Pattern jdk;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    dir = Files.createTempDirectory("tyrum-steps-");
    log = AuditLog.open(dir, AuditLog.Sync.interval);
    JsonMapper json = Json.MAPPER;
    input = json.readTree("{\"text\":\"" + "x".repeat(1024 - 11) + "\"}");
    output = (ObjectNode) input.deepCopy();
    record = EchoCallRecord.of(ToolGateway.canonicalSha256(input));
    maxOutputBytes = Defaults.of(ToolCallLimits.class).max_output_bytes();
    // a typical operator pattern (an API key's shape) on text it does not match, as most outputs are
    text = output.path("text").asString();
    re2 = com.google.re2j.Pattern.compile(REDACTION);
    jdk = java.util.regex.Pattern.compile(REDACTION);
  }

  private static final String REDACTION = "sk-[A-Za-z0-9]{20,}";

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    log.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }

  /** RFC 8785 canonical JSON of the input, then its SHA-256. */
  @Benchmark
  public String inputHash() {
    return ToolGateway.canonicalSha256(input);
  }

  /** RFC 8785 canonical JSON of the input alone. */
  @Benchmark
  public byte[] inputCanonical() {
    return Json.canonical(input).getBytes(StandardCharsets.UTF_8);
  }

  /** The output's size check at the default cap: its JSON's bytes counted once, without writing them. */
  @Benchmark
  public Object outputCap() {
    return OutputGuard.cap(output, maxOutputBytes);
  }

  /** The canonical JSON of a call's audit payload and its read-back value, as an append makes them. */
  @Benchmark
  public Json.Canonical auditPayloadCanonical() {
    return Json.canonicalForm(record);
  }

  /** One audit record of a call, written to the log file (interval mode: not forced). */
  @Benchmark
  public AuditRecord auditAppend() {
    return log.append("plugin_tool.invoked", record);
  }

  /** One redaction pattern over the 1 KiB output string with RE2/J, as the gateway runs it. */
  @Benchmark
  public String redactRe2j() {
    return re2.matcher(text).replaceAll("[REDACTED]");
  }

  /** The same pattern and string with {@code java.util.regex}: the baseline for the engine's cost. */
  @Benchmark
  public String redactJdkRegex() {
    return jdk.matcher(text).replaceAll("[REDACTED]");
  }
}
