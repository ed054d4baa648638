package ai.tyrum.gateway.itest.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import tools.jackson.databind.JsonNode;

/**
 * The MCP servers plugins define, run by the gateway as real processes (the reference
 * {@code server-everything} from npm): the fixture mcp-server's server runs with exactly its environment
 * and its secret, which reaches no record or log; a killed server is restarted; a server that always
 * exits ends failed ({@code crash_loop}) and {@code mcp:restart} tries it again; disable, uninstall and
 * the gateway's stop leave no process behind, the background child of mcp-spawns-child included. Runs
 * in order: the last test stops the gateway.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class McpServersIT {

  private static final String SERVER = "mcp-server/everything";
  private static final String TOKEN = "t0ken-v4lue-only-the-server-sees";

  /** What the supervisor and the servers' stderr log (java.util.logging, the gateway's log). */
  private static final Logger MCP_LOG = Logger.getLogger("ai.tyrum.gateway.core.mcp");
  private static final ConcurrentLinkedQueue<String> LOGGED = new ConcurrentLinkedQueue<>();
  private static final Handler CAPTURE = new Handler() {
    @Override
    public void publish(LogRecord record) {
      LOGGED.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() throws Exception {
    MCP_LOG.addHandler(CAPTURE);
    gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    gateway.service(PluginLock.class);
    // the attributes of McpSettings, as configuration names them (an underscore in a method name is a dot)
    configure(Map.of("backoff.initial.ms", 50L, "backoff.max.ms", 200L, "crash.limit", 3, "crash.window.seconds", 600L));
    gateway.http().put("/secrets/mcp-server/token", "{\"value\":\"" + TOKEN + "\"}").assertStatus(200);
    gateway.shell().run("plugin:install --grant secrets.read:mcp-server " + gateway.fixture("mcp-server")).assertSucceeded();
    gateway.awaitPluginState("mcp-server", "loaded");
  }

  @AfterAll
  static void stop() {
    MCP_LOG.removeHandler(CAPTURE);
    if (gateway != null) {
      gateway.close();
    }
  }

  private static String logged() {
    return String.join("\n", LOGGED);
  }

  /** Sets configuration {@code tyrum.mcp} and waits until the supervisor's service shows it. */
  private static void configure(Map<String, Object> values) throws Exception {
    BundleContext context = gateway.context();
    ServiceReference<?> reference = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
    Object admin = context.getService(reference);
    Object configuration = admin.getClass().getMethod("getConfiguration", String.class, String.class).invoke(admin, "tyrum.mcp", "?");
    Dictionary<String, Object> properties = new Hashtable<>(values);
    configuration.getClass().getMethod("update", Dictionary.class).invoke(configuration, properties);
    Await.until("the MCP supervisor runs under the new tyrum.mcp", () -> {
      ServiceReference<?> supervisor = context.getServiceReference("ai.tyrum.gateway.core.mcp.McpServers");
      return supervisor != null && values.get("crash.limit").equals(supervisor.getProperty("crash.limit"));
    });
  }

  private static JsonNode server(String id) {
    return gateway.http().get("/mcp/servers/" + id).assertStatus(200).json();
  }

  /** Waits until server {@code id} is in {@code state}; a server the supervisor has not taken up yet is 404. */
  private static JsonNode awaitState(String id, String state) {
    Await.until(id + " is " + state, () -> {
      HttpResult answer = gateway.http().get("/mcp/servers/" + id);
      return answer.status() == 200 && answer.json().path("state").asString().equals(state);
    });
    return server(id);
  }

  private static long pid(JsonNode server) {
    return server.path("pid").asLong();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The environment a process started with, from {@code /proc/<pid>/environ}. */
  private static Map<String, String> environment(long pid) throws IOException {
    String environ = new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8);
    Map<String, String> variables = new LinkedHashMap<>();
    for (String variable : environ.split("\0")) {
      if (!variable.isEmpty()) {
        int equals = variable.indexOf('=');
        variables.put(variable.substring(0, equals), variable.substring(equals + 1));
      }
    }
    return variables;
  }

  private static Optional<String> commandLine(ProcessHandle process) {
    try {
      return Optional.of(new String(Files.readAllBytes(Path.of("/proc/" + process.pid() + "/cmdline")), StandardCharsets.UTF_8).replace('\0', ' '));
    } catch (IOException gone) {
      return Optional.empty();
    }
  }

  @Test
  @Order(1)
  void theServerRunsAndTheShellAndTheApiAgreeOnIt() {
    JsonNode running = awaitState(SERVER, "running");
    long pid = pid(running);

    assertThat(alive(pid)).isTrue();
    assertThat(running.path("transport").asString()).isEqualTo("stdio");
    assertThat(running.path("tools").toString()).contains("\"echo\"", "\"get-sum\"", "\"get-env\"");
    JsonNode listed = gateway.http().get("/mcp/servers").assertStatus(200).json().path("servers");
    assertThat(listed).anySatisfy(s -> {
      assertThat(s.path("id").asString()).isEqualTo(SERVER);
      assertThat(s.path("pid").asLong()).isEqualTo(pid);
    });
    String shell = gateway.shell().run("mcp:list").assertSucceeded().console();
    assertThat(shell).contains("SERVER", "STATE", "PID", SERVER, "running", String.valueOf(pid));
    JsonNode shellJson = tools.jackson.databind.json.JsonMapper.shared()
        .readTree(gateway.shell().run("mcp:list --json").assertSucceeded().console());
    assertThat(shellJson.path("servers").toString()).contains("\"pid\":" + pid);
    String tools = gateway.shell().run("mcp:tools " + SERVER).assertSucceeded().console();
    assertThat(tools).contains("READ-ONLY HINT", "mcp.mcp-server.everything.echo", "mcp.mcp-server.everything.get-sum");
    assertThat(gateway.shell().run("mcp:status " + SERVER).assertSucceeded().console()).contains("running", "get-env");
    assertThat(GatewayEvents.after(gateway, 0, "mcp.server.started")).anySatisfy(e -> {
      assertThat(e.path("payload").path("plugin").path("id").asString()).isEqualTo("mcp-server");
      assertThat(e.path("payload").path("server").asString()).isEqualTo("everything");
      assertThat(e.path("payload").path("pid").asLong()).isEqualTo(pid);
    });
  }

  @Test
  @Order(2)
  void theServerSeesExactlyItsDefinitionsEnvironmentWithTheSecretResolved() throws IOException {
    long pid = pid(awaitState(SERVER, "running"));

    Map<String, String> environment = environment(pid);

    assertThat(environment.keySet()).containsExactlyInAnyOrder("GREETING", "TOKEN", "PATH");
    assertThat(environment).containsEntry("GREETING", "hello").containsEntry("TOKEN", TOKEN);
    assertThat(environment.get("PATH")).contains("mcp/node_modules/.bin");
  }

  @Test
  @Order(3)
  void aKilledServerIsRestartedWithANewPid() {
    long seq = GatewayEvents.lastSeq(gateway);
    long pid = pid(awaitState(SERVER, "running"));

    ProcessHandle.of(pid).orElseThrow().destroyForcibly();

    Await.until("the exit is recorded", () -> !GatewayEvents.after(gateway, seq, "mcp.server.exited").isEmpty());
    JsonNode exited = GatewayEvents.after(gateway, seq, "mcp.server.exited").get(0).path("payload");
    assertThat(exited.path("exit_code").asInt()).isEqualTo(137);
    assertThat(exited.path("pid").asLong()).isEqualTo(pid);
    Await.until("it runs again with a new pid", () -> {
      JsonNode now = server(SERVER);
      return now.path("state").asString().equals("running") && pid(now) != pid;
    });
    assertThat(server(SERVER).path("restarts").asInt()).isEqualTo(1);
    assertThat(alive(pid(server(SERVER)))).isTrue();
  }

  @Test
  @Order(4)
  void aServerThatKeepsExitingEndsFailedAndAnOperatorRestartTriesItAgain() {
    long seq = GatewayEvents.lastSeq(gateway);
    gateway.shell().run("plugin:install " + gateway.fixture("mcp-crash-loop")).assertSucceeded();

    JsonNode failed = awaitState("mcp-crash-loop/exits", "failed");

    assertThat(failed.path("reason").asString()).isEqualTo("crash_loop");
    // the state changes first, its records follow
    Await.until("the failure is recorded", () -> !GatewayEvents.after(gateway, seq, "mcp.server.failed").isEmpty());
    assertThat(GatewayEvents.after(gateway, seq, "mcp.server.exited"))
        .filteredOn(e -> e.path("payload").path("plugin").path("id").asString().equals("mcp-crash-loop"))
        .hasSize(3)
        .allSatisfy(e -> assertThat(e.path("payload").path("exit_code").asInt()).isEqualTo(3));
    assertThat(GatewayEvents.after(gateway, seq, "mcp.server.failed")).singleElement()
        .satisfies(e -> assertThat(e.path("payload").path("reason").asString()).isEqualTo("crash_loop"));
    // the supervisor logs its WARNING after it records the failure
    Await.until("the crash loop is logged", () -> logged().contains("WARNING MCP server mcp-crash-loop/exits crashed 3 times"));

    long restartSeq = GatewayEvents.lastSeq(gateway);
    assertThat(gateway.shell().run("mcp:restart mcp-crash-loop/exits").assertSucceeded().console()).contains("restarting");

    Await.until("it is tried again", () -> !GatewayEvents.after(gateway, restartSeq, "mcp.server.exited").isEmpty());
    assertThat(GatewayEvents.after(gateway, restartSeq, "mcp.server.stopped")).singleElement().satisfies(e -> {
      assertThat(e.path("payload").path("reason").asString()).isEqualTo("operator_restart");
      assertThat(e.path("payload").path("actor").asString()).isEqualTo("console");
    });
    awaitState("mcp-crash-loop/exits", "failed");
    gateway.shell().run("plugin:uninstall mcp-crash-loop").assertSucceeded();
  }

  @Test
  @Order(5)
  void theApiRestartsAServerInTheCallersNameAndRefusesWhatItDoesNotKnow() {
    long seq = GatewayEvents.lastSeq(gateway);
    long pid = pid(awaitState(SERVER, "running"));

    gateway.http().post("/mcp/servers/" + SERVER + "/restart", "").assertStatus(202);

    Await.until("it runs again with a new pid", () -> {
      JsonNode now = server(SERVER);
      return now.path("state").asString().equals("running") && pid(now) != pid;
    });
    assertThat(alive(pid)).isFalse();
    assertThat(server(SERVER).path("restarts").asInt()).isZero();
    assertThat(GatewayEvents.after(gateway, seq, "mcp.server.stopped")).singleElement()
        .satisfies(e -> assertThat(e.path("payload").path("actor").asString()).startsWith("token:"));
    assertThat(gateway.http().get("/mcp/servers/mcp-server/nope").assertStatus(404).errorCode()).isEqualTo("unknown_mcp_server");
    assertThat(gateway.http().post("/mcp/servers/Bad/x/restart", "").assertStatus(400).errorCode()).isEqualTo("invalid_mcp_server_id");
    assertThat(gateway.shell().run("mcp:status nope").assertFailed().console()).startsWith("error invalid_mcp_server_id:");
  }

  @Test
  @Order(6)
  void disablingThePluginStopsItsServerAndLeavesNoProcess() {
    long seq = GatewayEvents.lastSeq(gateway);
    long pid = pid(awaitState(SERVER, "running"));

    gateway.shell().run("plugin:disable mcp-server").assertSucceeded();

    JsonNode stopped = awaitState(SERVER, "stopped");
    assertThat(stopped.path("reason").asString()).isEqualTo("plugin_unloaded");
    assertThat(pid(stopped)).isEqualTo(pid);
    Await.until("the process has exited", () -> !alive(pid));
    Await.until("the stop is recorded", () -> !GatewayEvents.after(gateway, seq, "mcp.server.stopped").isEmpty());
    assertThat(GatewayEvents.after(gateway, seq, "mcp.server.stopped")).singleElement()
        .satisfies(e -> assertThat(e.path("payload").path("reason").asString()).isEqualTo("plugin_unloaded"));

    gateway.shell().run("plugin:enable mcp-server").assertSucceeded();
    assertThat(pid(awaitState(SERVER, "running"))).isNotEqualTo(pid);
  }

  @Test
  @Order(7)
  void uninstallEndsTheServerAndTheChildItLeftInTheBackground() {
    gateway.shell().run("plugin:install " + gateway.fixture("mcp-spawns-child")).assertSucceeded();
    long pid = pid(awaitState("mcp-spawns-child/everything", "running"));
    List<ProcessHandle> sleeps = ProcessHandle.of(pid).orElseThrow().descendants()
        .filter(p -> commandLine(p).orElse("").startsWith("sleep 600")).toList();
    assertThat(sleeps).hasSize(1);

    gateway.shell().run("plugin:uninstall mcp-spawns-child").assertSucceeded();

    Await.until("the server and its child have exited", () -> !alive(pid) && sleeps.stream().noneMatch(ProcessHandle::isAlive));
    Await.until("the server is no longer listed", () -> gateway.http().get("/mcp/servers/mcp-spawns-child/everything").status() == 404);
  }

  @Test
  @Order(8)
  void theSecretReachesNoRecordNoStatusAndNoLogLine() {
    String records = GatewayEvents.after(gateway, 0).toString();
    String statuses = gateway.http().get("/mcp/servers").assertStatus(200).body()
        + gateway.shell().run("mcp:list --json").console() + gateway.shell().run("mcp:status " + SERVER).console();

    assertThat(records).contains("mcp.server.started").doesNotContain(TOKEN);
    assertThat(statuses).doesNotContain(TOKEN);
    assertThat(logged()).as("the servers' stderr is in the log").contains("INFO mcp mcp-server/everything: ").doesNotContain(TOKEN);
    assertThat(gateway.printed()).doesNotContain(TOKEN);
  }

  @Test
  @Order(9)
  void stoppingTheGatewayLeavesNoServerProcess() {
    long pid = pid(awaitState(SERVER, "running"));

    gateway.close();
    gateway = null;

    assertThat(alive(pid)).isFalse();
    assertThat(Arrays.asList(ProcessHandle.current().children().filter(p -> commandLine(p).orElse("").contains("mcp-server-everything")).toArray()))
        .isEmpty();
  }
}
