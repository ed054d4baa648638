package ai.tyrum.gateway.itest.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;
import tools.jackson.databind.JsonNode;

/**
 * Item 4 of the deadline contract (DESIGN section 4, "execution with a timeout"), with the fixture
 * ignores-interrupts, whose tools ignore their interrupts: the HTTP caller gets {@code tool_timeout} at
 * the deadline, whatever the tool does, and a plugin whose calls all hang is refused as
 * {@code plugin_busy} without holding a thread of the HTTP server or a slot of another plugin. The
 * deadline and the per-plugin bound are set short through ConfigAdmin ({@code tyrum.calls}).
 */
class ToolDeadlineIT {

  private static final int PER_PLUGIN = 2;
  private static final String HANG = "plugin.ignores-interrupts.hang";
  private static final String SPIN = "plugin.ignores-interrupts.spin";
  private static final String FIXTURE_PACKAGE = "ai.tyrum.fixture.ignoresinterrupts.";

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).plugin("echo").start();
    gateway.install(gateway.fixture("ignores-interrupts"));
    gateway.awaitPluginState("echo", "loaded");
    gateway.awaitPluginState("ignores-interrupts", "loaded");
    configureCalls(300L, PER_PLUGIN);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  /** Sets {@code tyrum.calls} through ConfigAdmin and waits until the call path runs under it. */
  private static void configureCalls(long timeoutMs, int perPlugin) throws Exception {
    BundleContext context = gateway.context();
    long before = invokerServiceId(context);
    ServiceReference<?> reference = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
    Object admin = context.getService(reference);
    Object configuration = admin.getClass().getMethod("getConfiguration", String.class, String.class)
        .invoke(admin, "tyrum.calls", "?");
    Dictionary<String, Object> properties = new Hashtable<>();
    properties.put("timeout.ms", timeoutMs);
    properties.put("max.calls.per.plugin", perPlugin);
    configuration.getClass().getMethod("update", Dictionary.class).invoke(configuration, properties);
    // the call path is made again with the new limits (ToolCallLimits)
    Await.until("the call path runs under the new tyrum.calls", () -> invokerServiceId(context) > before);
  }

  private static long invokerServiceId(BundleContext context) throws Exception {
    ServiceReference<?>[] references = context.getAllServiceReferences("ai.tyrum.gateway.core.invoke.ToolInvoker", null);
    return references == null ? -1 : (Long) references[0].getProperty(Constants.SERVICE_ID);
  }

  private static HttpResult call(String tool, long ms) {
    return gateway.http().post("/tools/" + tool + "/invoke", "{\"agent\":\"default\",\"input\":{\"ms\":" + ms + "}}");
  }

  private static void answeredAsTimeout(HttpResult answer) {
    answer.assertStatus(504);
    JsonNode error = answer.json().path("error");
    assertThat(error.path("code").asString()).isEqualTo("tool_timeout");
    assertThat(error.path("message").asString()).isEqualTo("the tool did not answer within 300 ms");
    assertThat(error.path("details").isArray()).isTrue();
  }

  /** The {@code plugin_tool.invoked} records of {@code tool} after {@code seq}. */
  private static List<JsonNode> invoked(long seq, String tool) {
    return GatewayEvents.after(gateway, seq, "plugin_tool.invoked").stream()
        .map(e -> e.path("payload"))
        .filter(p -> p.path("tool").asString().equals(tool))
        .toList();
  }

  private static void echoAnswersAtOnce() {
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}")
            .assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("hi");
  }

  @Test
  void spinningToolIsAnsweredToolTimeoutAtTheDeadlineWithOneAuditRecord() {
    Await.until("no call of the fixture still runs", () -> !fixtureCallRunning());
    long seq = GatewayEvents.lastSeq(gateway);

    answeredAsTimeout(call(SPIN, 1_500));

    List<JsonNode> records = invoked(seq, SPIN);
    assertThat(records).hasSize(1);
    assertThat(records.get(0).path("outcome").asString()).isEqualTo("error");
    assertThat(records.get(0).path("error").asString()).isEqualTo("tool_timeout");
    assertThat(records.get(0).path("failed_step").asString()).isEqualTo("execution");
    echoAnswersAtOnce();
  }

  /** Whether a call of the fixture still runs, such as the spinning test's call past its deadline. */
  private static boolean fixtureCallRunning() {
    return Thread.getAllStackTraces().values().stream()
        .flatMap(java.util.Arrays::stream)
        .anyMatch(frame -> frame.getClassName().startsWith(FIXTURE_PACKAGE));
  }

  @Test
  void toolThatIgnoresInterruptsIsAnsweredAtTheDeadlineAndOneCallBeyondThePluginsBoundIsRefusedBusy() {
    // a call another test left running past its deadline would hold one of the plugin's slots
    Await.until("no call of the fixture still runs", () -> !fixtureCallRunning());
    long seq = GatewayEvents.lastSeq(gateway);

    // each overrunning call keeps its thread (it ignores the interrupt) and counts against the plugin
    for (int i = 0; i < PER_PLUGIN; i++) {
      answeredAsTimeout(call(HANG, 3_000));
    }
    HttpResult busy = call(HANG, 0);

    busy.assertStatus(503);
    JsonNode error = busy.json().path("error");
    assertThat(error.path("code").asString()).isEqualTo("plugin_busy");
    assertThat(error.path("message").asString()).contains("ignores-interrupts").contains("max.calls.per.plugin");
    assertThat(error.path("details").get(0).asString()).isEqualTo("ignores-interrupts");
    // the other plugins and the HTTP server are not starved
    echoAnswersAtOnce();
    gateway.http().withoutToken().get("/healthz").assertStatus(200);
    // one record per call: two timeouts, one refusal
    assertThat(invoked(seq, HANG)).extracting(p -> p.path("error").asString())
        .containsExactly("tool_timeout", "tool_timeout", "plugin_busy");
  }
}
