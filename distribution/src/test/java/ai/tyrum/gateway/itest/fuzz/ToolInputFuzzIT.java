package ai.tyrum.gateway.itest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tool inputs derived from the echo and notes contracts and then mutated, sent to
 * {@code POST /tools/{toolId}/invoke}: never a 5xx but a plugin's own failure (502 {@code plugin_error}),
 * every answer in the documented shape, and every call that ran leaves exactly one
 * {@code plugin_tool.invoked} record in the audit log (DESIGN section 4 step 6).
 */
@AddLifecycleHook(FuzzTries.class)
class ToolInputFuzzIT {

  private static final JsonMapper JSON = JsonMapper.shared();

  /** Refusals that come before the call path runs (authentication, the request's shape, exposure): no record. */
  private static final Set<String> REFUSED_BEFORE_THE_CALL =
      Set.of("unauthenticated", "forbidden_scope", "not_found", "method_not_allowed", "invalid_json", "invalid_request",
          "body_too_large", "invalid_agent", "unknown_tool", "json_too_deep", "unsupported_media_type", "unreadable_body",
          "invalid_query");

  /** Tool ids the catalogue serves, and ids it does not; ids that break URL decoding are HttpRequestFuzzIT's. */
  private static final List<String> TOOLS =
      List.of("plugin.echo.echo", "plugin.notes.add_note", "plugin.notes.list_notes", "plugin.echo.nope", "plugin.nope.echo",
          "mcp.echo.files.read", "PLUGIN.ECHO.ECHO", "plugin.echo.echo.", "plugin.echo", "plugin.echo.echo*");

  private static GatewayFramework gateway;

  @BeforeContainer
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .plugin("echo")
        .plugin("notes")
        .token("invoker", "tools.invoke")
        .start();
    gateway.awaitPluginState("echo", "loaded");
    gateway.awaitPluginState("notes", "loaded");
  }

  @AfterContainer
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Property(tries = 150)
  void everyCallThatRanIsAuditedExactlyOnceAndEveryAnswerIsInTheDocumentedShape(
      @ForAll("tools") String tool, @ForAll("bodies") HostileInput.Body body) {
    long before = auditSize();
    byte[] request = HostileInput.concat(
        ("POST /tools/" + tool + "/invoke HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + gateway.token("invoker")
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.bytes().length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8),
        body.bytes());

    List<RawHttp.Answer> answers = RawHttp.exchange(gateway.url(), request);

    String what = ApiAnswers.describe(request);
    assertThat(answers).as("answers to " + what).hasSize(1);
    RawHttp.Answer answer = answers.get(0);
    // the notes plugin refuses add_note once its notebook is full: a plugin's refusal is a 502 plugin_error
    ApiAnswers.assertWellFormed(what, answer.status(), answer.header("content-type"), answer.body(), Set.of("plugin_error"));
    String code = answer.status() < 300 ? "ok " + answer.status() : JSON.readTree(answer.body()).path("error").path("code").asString();
    Statistics.label("outcome").collect(code);
    long records = invokedRecordsSince(before);
    if (answer.status() < 300 || !REFUSED_BEFORE_THE_CALL.contains(code)) {
      assertThat(records).as("plugin_tool.invoked records for " + what + " -> " + answer).isEqualTo(1);
    } else {
      assertThat(records).as("plugin_tool.invoked records for " + what + " -> " + answer).isZero();
    }
    if (answer.status() == 200) {
      JsonNode json = JSON.readTree(answer.body());
      assertThat(json.path("output").isObject()).as("output of " + answer).isTrue();
      assertThat(json.path("audit_seq").isIntegralNumber()).as("audit_seq of " + answer).isTrue();
    }
  }

  private static Path auditLog() {
    return gateway.data().resolve("audit/audit.log");
  }

  private static long auditSize() {
    try {
      return Files.size(auditLog());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code plugin_tool.invoked} records appended since the log was {@code offset} bytes long. */
  private static long invokedRecordsSince(long offset) {
    try {
      byte[] all = Files.readAllBytes(auditLog());
      String appended = new String(all, (int) offset, all.length - (int) offset, StandardCharsets.UTF_8);
      return appended.lines().filter(line -> !line.isBlank())
          .filter(line -> JSON.readTree(line).path("type").asString().equals("plugin_tool.invoked")).count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Provide
  Arbitrary<String> tools() {
    return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(TOOLS.subList(0, 3))), Tuple.of(2, Arbitraries.of(TOOLS)));
  }

  /** {"agent", "input"} with the input built from the tools' contracts, then one part made hostile. */
  @Provide
  Arbitrary<HostileInput.Body> bodies() {
    return rawBodies().map(HostileInput.Body::new);
  }

  private Arbitrary<byte[]> rawBodies() {
    Arbitrary<String> agent = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.of("\"default\"", "\"ops\"")),
        Tuple.of(1, Arbitraries.just("")),
        Tuple.of(2, Arbitraries.of(HostileInput.HOSTILE_VALUES)));
    Arbitrary<String> text = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().ofMaxLength(40).map(ToolInputFuzzIT::quote)),
        Tuple.of(1, Arbitraries.integers().between(60_000, 70_000).map(n -> "\"" + "x".repeat(n) + "\"")),
        Tuple.of(3, Arbitraries.of(HostileInput.HOSTILE_VALUES)));
    Arbitrary<String> input = Arbitraries.oneOf(
        text.map(t -> "{\"text\":" + t + "}"),
        Combinators.combine(text, text).as((title, body) -> "{\"title\":" + title + ",\"body\":" + body + "}"),
        Arbitraries.of("{}", "{\"text\":\"a\",\"text\":\"b\"}", "{\"text\":\"hi\",\"extra\":1}", "[]", "\"{}\"", "null", "12"),
        HostileInput.jsonBodies(List.of("text", "title", "body")).map(b -> new String(b, StandardCharsets.UTF_8)));
    Arbitrary<byte[]> plausible = Combinators.combine(agent, input, Arbitraries.of("", ",\"approval\":\"nope\"", ",\"approval\":12"))
        .as((a, i, approval) -> (a.isEmpty() ? "{\"input\":" + i : "{\"agent\":" + a + ",\"input\":" + i) + approval + "}")
        .map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(Tuple.of(8, plausible), Tuple.of(2, HostileInput.jsonBodies(List.of("agent", "input", "approval"))));
  }

  private static String quote(String s) {
    return JSON.writeValueAsString(s);
  }
}
