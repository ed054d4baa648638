package ai.tyrum.gateway.itest.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.PluginLock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Per-call budgets and the circuit breaker (the policy's {@code budgets:}), with the fixtures
 * spins-cpu, allocates-without-bound and ignores-interrupts installed through the verified pipeline: a
 * runaway call is answered {@code budget_exceeded} long before its deadline, with its audit record; the
 * breaker's count of overruns disables the plugin (its tools go, the rest keeps serving) until an
 * operator enables it; a runaway thread that ignores its interrupt is reported once its plugin is
 * uninstalled. The budgets are small (policy in the test's data dir) and the deadline the default 30 s,
 * so only a budget answers these calls.
 */
class BudgetIT {

  private static final String POLICY = """
      budgets:
        plugins:
          spins-cpu: {cpu_ms: 100}
          allocates-without-bound: {alloc_mb: 16}
          ignores-interrupts: {cpu_ms: 100}
        breaker: {overruns: 3, window_seconds: 3600}
      """;
  private static final String SPIN = "plugin.spins-cpu.spin";
  private static final String ALLOCATE = "plugin.allocates-without-bound.allocate";
  private static final String STUBBORN_SPIN = "plugin.ignores-interrupts.spin";

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .withBundle("gateway.marketplace")
        .dataFile("policy/deployment.yml", POLICY)
        .start();
    gateway.service(PluginLock.class); // the pipeline has installed the bundled catalog's plugins
    for (String fixture : List.of("spins-cpu", "allocates-without-bound", "ignores-interrupts")) {
      gateway.shell().run("plugin:install " + gateway.fixture(fixture)).assertSucceeded();
      gateway.awaitPluginState(fixture, "loaded");
    }
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static HttpResult call(String tool, String input) {
    return gateway.http().post("/tools/" + tool + "/invoke", "{\"agent\":\"default\",\"input\":" + input + "}");
  }

  /** Checks the answer is budget_exceeded for {@code budget} at {@code limit}, and returns the figure. */
  private static long exceeded(HttpResult answer, String budget, long limit) {
    answer.assertStatus(503);
    JsonNode error = answer.json().path("error");
    assertThat(error.path("code").asString()).isEqualTo("budget_exceeded");
    assertThat(error.path("message").asString()).contains("budgets." + budget);
    JsonNode details = error.path("details");
    assertThat(details.get(0).asString()).isEqualTo(budget);
    assertThat(details.get(1).asString()).isEqualTo("limit=" + limit);
    long used = Long.parseLong(details.get(2).asString().substring("used=".length()));
    assertThat(used).isGreaterThan(limit);
    return used;
  }

  /** The one {@code plugin_tool.invoked} record of {@code tool} after {@code seq}. */
  private static JsonNode invoked(long seq, String tool) {
    List<JsonNode> records = GatewayEvents.after(gateway, seq, "plugin_tool.invoked").stream()
        .map(e -> e.path("payload"))
        .filter(p -> p.path("tool").asString().equals(tool))
        .toList();
    assertThat(records).hasSize(1);
    return records.get(0);
  }

  private static void recordedAsExceeded(JsonNode record, String budget, long limit, long used) {
    assertThat(record.path("outcome").asString()).isEqualTo("error");
    assertThat(record.path("error").asString()).isEqualTo("budget_exceeded");
    assertThat(record.path("failed_step").asString()).isEqualTo("execution");
    assertThat(record.path("budget").path("name").asString()).isEqualTo(budget);
    assertThat(record.path("budget").path("limit").asLong()).isEqualTo(limit);
    assertThat(record.path("budget").path("used").asLong()).isEqualTo(used);
  }

  private static List<JsonNode> lifecycle(long seq, String id, String kind) {
    return GatewayEvents.after(gateway, seq, "plugin.lifecycle").stream()
        .map(e -> e.path("payload"))
        .filter(p -> p.path("plugin").path("id").asString().equals(id) && p.path("kind").asString().equals(kind))
        .toList();
  }

  private static void echoServes() {
    assertThat(call("plugin.echo.echo", "{\"text\":\"hi\"}").assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("hi");
  }

  @Test
  void callThatAllocatesWithoutBoundIsAnsweredBudgetExceededWithItsAuditRecord() {
    long seq = GatewayEvents.lastSeq(gateway);

    long used = exceeded(call(ALLOCATE, "{}"), "alloc_mb", 16);

    recordedAsExceeded(invoked(seq, ALLOCATE), "alloc_mb", 16, used);
    echoServes();
  }

  @Test
  void pluginWhoseCallsKeepSpinningIsDisabledByTheBreakerUntilAnOperatorEnablesIt() {
    long seq = GatewayEvents.lastSeq(gateway);

    long used = exceeded(call(SPIN, "{}"), "cpu_ms", 100);
    recordedAsExceeded(invoked(seq, SPIN), "cpu_ms", 100, used);
    exceeded(call(SPIN, "{}"), "cpu_ms", 100);
    exceeded(call(SPIN, "{}"), "cpu_ms", 100);

    // the third overrun within the window opens the circuit
    Await.until("the breaker disables spins-cpu", () -> !lifecycle(seq, "spins-cpu", "disabled").isEmpty());
    JsonNode disabled = lifecycle(seq, "spins-cpu", "disabled").get(0);
    assertThat(disabled.path("reason").asString()).isEqualTo("circuit_open");
    assertThat(disabled.path("actor").asString()).isEqualTo("gateway:circuit_breaker");
    assertThat(disabled.path("overruns").asInt()).isEqualTo(3);
    assertThat(disabled.path("window_seconds").asLong()).isEqualTo(3600);
    assertThat(disabled.path("last").asString()).isEqualTo("budget_exceeded");
    gateway.awaitPluginState("spins-cpu", "disabled");
    // its tools are gone; the gateway and the other plugins keep serving
    assertThat(call(SPIN, "{}").assertStatus(404).errorCode()).isEqualTo("unknown_tool");
    JsonNode tools = gateway.http().get("/tools?agent=default").assertStatus(200).json().path("tools");
    assertThat(tools.valueStream().filter(t -> t.path("id").asString().equals(SPIN)))
        .singleElement().satisfies(t -> {
          assertThat(t.path("exposed").asBoolean()).isFalse();
          assertThat(t.path("reason").asString()).isEqualTo("plugin_disabled");
        });
    echoServes();
    gateway.http().withoutToken().get("/healthz").assertStatus(200);
    assertThat(gateway.printed()).contains("plugin spins-cpu overran 3 calls within 3600 s");

    gateway.shell().run("plugin:enable spins-cpu").assertSucceeded();

    gateway.awaitPluginState("spins-cpu", "loaded");
    exceeded(call(SPIN, "{}"), "cpu_ms", 100); // served again, and held to its budget again
  }

  @Test
  void runawayThreadThatIgnoresItsInterruptIsReportedWhenItsPluginIsUninstalled() {
    long seq = GatewayEvents.lastSeq(gateway);

    // spins for 8 s whatever its interrupt says: answered at 100 ms of CPU, its thread runs on
    exceeded(call(STUBBORN_SPIN, "{\"ms\":8000}"), "cpu_ms", 100);
    gateway.shell().run("plugin:uninstall ignores-interrupts").assertSucceeded();

    Await.until("a leftover_threads event", () -> !lifecycle(seq, "ignores-interrupts", "leftover_threads").isEmpty());
    JsonNode event = lifecycle(seq, "ignores-interrupts", "leftover_threads").get(0);
    assertThat(event.path("reason").asString()).isEqualTo("interrupted");
    assertThat(event.path("details").toString()).contains("tyrum-tool-");
    echoServes();
  }
}
