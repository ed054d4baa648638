package ai.tyrum.gateway.benchmarks;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bridged MCP tool call against the same call made to the same server directly, in one run (issue 15).
 * Both sides call {@code echo} of the reference {@code mcp-server-everything} that the build installs into
 * the distribution's {@code mcp/}, with a 1 KiB message, one caller thread, each call timed alone:
 *
 * <ul>
 *   <li><b>direct:</b> the MCP Java SDK's {@code McpSyncClient} over its {@code StdioClientTransport}, on a
 *       server process of its own: what an application that speaks MCP itself pays;
 *   <li><b>gateway:</b> {@code ToolInvoker.invoke} of {@code mcp.everything.everything.echo} on a real gateway
 *       started in this JVM from the distribution, whose example plugin {@code everything} has the gateway run
 *       its own server process; the deployment policy allowlists the tool for the default agent. The whole
 *       call path: exposure, the server's input schema, policy, the bridge's {@code McpServers.call}, output
 *       checks and redaction, one {@code plugin_tool.invoked} audit record (audit {@code interval});
 *   <li><b>http:</b> the same call as a client makes it, {@code POST /tools/mcp.everything.everything.echo/invoke}
 *       with the bootstrap token over one kept-alive HTTP/1.1 connection.
 * </ul>
 *
 * The direct client's class path is the SDK's jars of the distribution's run set (its client checks structured
 * results with networknt's validator, hence that jar and {@code itu}); they stay out of the framework, whose
 * bundles wire to the run set's own copies.
 *
 * <p>The sides take turns in blocks, so that the machine's load and the JIT weigh on each alike. It prints one
 * line per side (median and p90 in microseconds) and the ratios and added microseconds of the medians:
 *
 * <pre>
 * mvn -B -o -q package -DskipTests -Pbenchmarks -pl benchmarks -am
 * cp='benchmarks/target/classes:distribution/target/gateway/lib/*'
 * for jar in mcp-core mcp-json-jackson3 reactor-core reactive-streams jackson-core jackson-databind \
 *     jackson-annotations json-schema-validator itu slf4j-api; do
 *   cp="$cp:$(ls distribution/target/gateway/bundles/$jar-[0-9]*.jar)"
 * done
 * java -cp "$cp" ai.tyrum.gateway.benchmarks.McpBridgeBenchmark
 * </pre>
 */
public final class McpBridgeBenchmark {
  private static final String SERVER_TOOL = "echo";
  private static final String TOOL = "mcp.everything.everything." + SERVER_TOOL;
  private static final String MESSAGE = "x".repeat(1024 - 14);
  private static final String INPUT = "{\"message\":\"" + MESSAGE + "\"}";
  private static final String POLICY = "version: 1\ntools:\n  allow: [" + TOOL + "]\n";
  private static final int WARMUP_CALLS = 3_000;
  private static final int BLOCKS = 10;
  private static final int CALLS_PER_BLOCK = 1_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private McpBridgeBenchmark() {}

  /** A side of the comparison: one call, which fails unless the server echoed the message. */
  private interface Side {
    void call() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    Path home = Path.of(args.length > 0 ? args[0] : "distribution/target/gateway").toAbsolutePath().normalize();
    Path server = home.resolve("mcp/node_modules/.bin/mcp-server-everything");
    if (!Files.isExecutable(server)) {
      throw new IllegalStateException(server + " is missing: build the distribution first (it installs the server with npm ci)");
    }
    Path work = Files.createTempDirectory("tyrum-mcp-bridge-");
    Path data = Directories.createPrivate(work.resolve("data"));
    Files.createDirectories(data.resolve("policy"));
    Files.writeString(data.resolve("policy/deployment.yml"), POLICY);
    InProcessGateway gateway = InProcessGateway.start(home, data);
    McpSyncClient direct = McpClient.sync(new StdioClientTransport(
            ServerParameters.builder(server.toString()).args("stdio").build(), new JacksonMcpJsonMapper(new JsonMapper())))
        .requestTimeout(TIMEOUT)
        .initializationTimeout(TIMEOUT)
        .build();
    try {
      direct.initialize();
      Object invoker = gateway.context().getService(
          InProcessGateway.reference(gateway.context(), "ai.tyrum.gateway.core.invoke.ToolInvoker"));
      Method invoke = invoker.getClass().getMethod(
          "invoke", String.class, String.class, String.class, String.class, Optional.class);
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
      String token = gateway.token().orElseThrow(() -> new IllegalStateException("the first start printed no bootstrap token"));
      HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.gateway().url() + "/tools/" + TOOL + "/invoke"))
          .header("Authorization", "Bearer " + token)
          .header("Content-Type", "application/json")
          .timeout(TIMEOUT)
          .POST(HttpRequest.BodyPublishers.ofString("{\"agent\":\"default\",\"input\":" + INPUT + "}"))
          .build();

      List<String> names = List.of("direct", "gateway", "http");
      List<Side> sides = List.of(
          () -> requireEcho(direct.callTool(new McpSchema.CallToolRequest(SERVER_TOOL, Map.of("message", MESSAGE))).toString()),
          () -> requireEcho(invokeGateway(invoker, invoke)),
          () -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
              throw new IllegalStateException("POST /tools/" + TOOL + "/invoke answered " + response.statusCode() + ": " + response.body());
            }
            requireEcho(response.body());
          });
      // the supervisor starts the server, the bridge pins and serves its tools: until then the call is refused
      Polling.await(() -> succeeds(sides.get(1)), TOOL + " is served");

      for (Side side : sides) {
        for (int i = 0; i < WARMUP_CALLS; i++) {
          side.call();
        }
      }
      List<List<Long>> times = new ArrayList<>();
      sides.forEach(s -> times.add(new ArrayList<>(BLOCKS * CALLS_PER_BLOCK)));
      for (int block = 0; block < BLOCKS; block++) {
        for (int s = 0; s < sides.size(); s++) {
          for (int i = 0; i < CALLS_PER_BLOCK; i++) {
            long start = System.nanoTime();
            sides.get(s).call();
            times.get(s).add(System.nanoTime() - start);
          }
        }
      }

      System.out.printf(Locale.ROOT, "machine: %s; load average %s%n", Machine.description(), Machine.loadAverage());
      for (int s = 0; s < sides.size(); s++) {
        System.out.printf(Locale.ROOT, "%-8s calls %d median %.1f µs p90 %.1f µs%n", names.get(s), times.get(s).size(),
            Stats.median(times.get(s)) / 1000.0, Stats.p90(times.get(s)) / 1000.0);
      }
      double directMedian = Stats.median(times.get(0));
      for (int s = 1; s < sides.size(); s++) {
        double median = Stats.median(times.get(s));
        System.out.printf(Locale.ROOT, "%s / direct (medians) %.2f×, added %.1f µs a call%n",
            names.get(s), median / directMedian, (median - directMedian) / 1000.0);
      }
    } finally {
      direct.closeGracefully();
      gateway.gateway().stop();
      Directories.delete(work);
    }
  }

  /** The gateway's output as text: {@code {"content":[{"type":"text","text":"Echo: ..."}]}}. */
  private static String invokeGateway(Object invoker, Method invoke) throws Exception {
    try {
      Object outcome = invoke.invoke(invoker, "default", "console", TOOL, INPUT, Optional.empty());
      return String.valueOf(outcome.getClass().getMethod("output").invoke(outcome));
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  private static void requireEcho(String answer) {
    if (!answer.contains("Echo: " + MESSAGE)) {
      throw new IllegalStateException("the server did not echo the message: " + answer.substring(0, Math.min(300, answer.length())));
    }
  }

  private static boolean succeeds(Side side) {
    try {
      side.call();
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
