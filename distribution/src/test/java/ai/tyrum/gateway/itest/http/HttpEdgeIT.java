package ai.tyrum.gateway.itest.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The edge of the gateway's port under hostile input (issue 10): every answer that is not a success is
 * the API's error shape, whether Jetty's parser, the servlet container or a resource refuses the
 * request; a token is matched on the bytes sent; request bodies are read with their types checked.
 */
class HttpEdgeIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).plugin("echo").start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void tokenWithItsLettersCaseSwappedIsRefusedOnAConnectionThatCarriedTheToken() {
    String token = gateway.token();
    String swapped = swapCase(token);
    assertThat(swapped).isNotEqualTo(token);

    try (RawConnection connection = new RawConnection(gateway.url())) {
      assertThat(connection.exchange(get("/status", token)).status()).isEqualTo(200);
      RawConnection.Answer forged = connection.exchange(get("/status", swapped));
      assertThat(forged.status()).isEqualTo(401);
      assertThat(forged.errorCode()).isEqualTo("unauthenticated");
    }
    try (RawConnection connection = new RawConnection(gateway.url())) {
      assertThat(connection.exchange(get("/status", swapped)).status()).isEqualTo(401);
      assertThat(connection.exchange(get("/status", token)).status()).isEqualTo(200);
    }
  }

  @Test
  void requestsJettysParserRefusesAreAnsweredInTheErrorShapeWithoutATrace() {
    String printed = gateway.printedWhile(() -> {
      assertJsonError(raw("GARBAGE\r\n\r\n"), 400, "bad_request");
      assertJsonError(raw("GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n"), 505, "http_version_not_supported");
      assertJsonError(raw("GET /" + "a".repeat(70_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414, "uri_too_long");
      assertJsonError(raw("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(70_000) + "\r\n\r\n"), 431, "headers_too_large");
      assertJsonError(raw("GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n"), 400, "bad_request");
      assertJsonError(raw(bytes("GET /", new byte[] {(byte) 0xFF, (byte) 0xFE}, " HTTP/1.1\r\nHost: x\r\n\r\n")), 400, "bad_request");
      assertJsonError(raw("GET /healthz HTTP/1.1\r\n\r\n"), 400, "bad_request");
    });
    assertThat(printed).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void malformedChunkedBodyIsUnreadableNotAServerError() {
    String printed = gateway.printedWhile(() -> {
      RawConnection.Answer answer = raw("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + gateway.token()
          + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
      assertThat(answer.status()).isEqualTo(400);
      assertThat(answer.header("Content-Type")).startsWith("application/json");
      assertThat(answer.errorCode()).isIn("unreadable_body", "bad_request");
    });
    assertThat(printed).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void pathsThatDecodeAmbiguouslyAreBadRequestsNotServerErrors() {
    String printed = gateway.printedWhile(() -> {
      // a % left after decoding, an encoded slash, an encoded dot segment: refused before any route
      assertThat(gateway.http().withoutToken().get("/plugins/%25/rpc/x").assertStatus(400).errorCode()).isEqualTo("bad_request");
      assertThat(gateway.http().get("/plugins/%25/rpc/x").assertStatus(400).errorCode()).isEqualTo("bad_request");
      assertThat(gateway.http().post("/tools/%25zz/invoke", "{\"input\":{}}").assertStatus(400).errorCode()).isEqualTo("bad_request");
      assertThat(gateway.http().get("/plugins/echo/rpc/..%2F..%2Fstatus").assertStatus(400).errorCode()).isEqualTo("bad_request");
      assertThat(gateway.http().get("/plugins/%2E%2E/rpc/x").assertStatus(400).errorCode()).isEqualTo("bad_request");
    });
    assertThat(printed).doesNotContain("\tat ");
    // an escape that decodes plainly still reaches its route
    assertThat(gateway.http().get("/plugins/%65cho/rpc/ping").assertStatus(200).json().path("ok").asBoolean()).isTrue();
  }

  @Test
  void malformedQueryStringIsInvalidQuery() {
    String printed = gateway.printedWhile(() -> {
      // the JDK's client refuses to send such a query, so it goes over a raw connection
      for (String path : new String[] {"/events?x=%zz", "/events?after=%FF", "/plugins/echo/rpc/ping?a=%zz"}) {
        RawConnection.Answer answer = raw(get(path, gateway.token()).replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n"));
        assertJsonError(answer, 400, "invalid_query");
      }
    });
    assertThat(printed).doesNotContain("\tat ").doesNotContain("SEVERE").doesNotContain("ERROR");
  }

  @Test
  void fieldsOfTheWrongTypeAreRefusedNotReadAsDefaults() {
    assertInvalid(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":{\"x\":1},\"input\":{\"text\":\"hi\"}}"), "/agent");
    assertInvalid(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":12,\"input\":{\"text\":\"hi\"}}"), "/agent");
    assertInvalid(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"input\":\"hi\"}"), "/input");
    assertInvalid(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"hi\"},\"approval\":7}"), "/approval");
    assertInvalid(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agnt\":\"x\",\"input\":{\"text\":\"hi\"}}"), "/agnt");
    assertInvalid(gateway.http().post("/commands/execute", "{\"text\":[\"/echo hi\"]}"), "/text");
    assertInvalid(gateway.http().post("/commands/execute", "{\"text\":\"/echo hi\",\"agent\":true}"), "/agent");
    assertInvalid(gateway.http().post("/commands/execute", "{}"), "/text");
    assertInvalid(gateway.http().post("/approvals/none/deny", "{\"reason\":{}}"), "/reason");
    assertInvalid(gateway.http().post("/approvals/none/approve", "{\"reason\":\"ok\"}"), "/reason");

    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}")
        .assertStatus(200).json().path("output").path("text").asString()).isEqualTo("hi");
  }

  @Test
  void jsonBodyErrorsHaveCodesAndNameNoInternalClass() {
    HttpResult deep = gateway.http().post("/commands/execute", "{\"text\":" + "[".repeat(3000) + "]".repeat(3000) + "}").assertStatus(400);
    assertThat(deep.errorCode()).isEqualTo("json_too_deep");
    HttpResult broken = gateway.http().post("/commands/execute", "{\"text\":tru}").assertStatus(400);
    assertThat(broken.errorCode()).isEqualTo("invalid_json");
    HttpResult notObject = gateway.http().post("/commands/execute", "[]").assertStatus(400);
    assertThat(notObject.errorCode()).isEqualTo("invalid_json");
    for (HttpResult result : new HttpResult[] {deep, broken, notObject}) {
      assertThat(result.json().path("error").path("message").asString())
          .doesNotContain("jackson", "Jackson", "JsonNode", "Exception", "Constraints", "()");
    }

    RawConnection.Answer plainText = raw("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + gateway.token()
        + "\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}");
    assertThat(plainText.status()).isEqualTo(415);
    assertThat(plainText.errorCode()).isEqualTo("unsupported_media_type");
  }

  @Test
  void eventsSayWhereTheirWindowStartsOnceEarlierRecordsWereDropped() {
    GatewayEvents events = gateway.service(GatewayEvents.class);
    long last = 0;
    for (int i = 0; i < 1010; i++) {
      last = events.record("policy.changed", Map.of("n", i));
    }

    JsonNode page = gateway.http().get("/events?after=0").assertStatus(200).json();
    long first = page.path("events").get(0).path("seq").asLong();
    assertThat(first).isGreaterThan(1);
    assertThat(page.path("from_seq").asLong()).isEqualTo(first);
    assertThat(page.path("dropped").asLong()).isEqualTo(first - 1);

    JsonNode caughtUp = gateway.http().get("/events?after=" + last).assertStatus(200).json();
    assertThat(caughtUp.path("events")).isEmpty();
    assertThat(caughtUp.path("dropped").asLong()).isZero();
    assertThat(gateway.http().get("/events?after=-1").assertStatus(400).errorCode()).isEqualTo("invalid_request");
  }

  @Test
  void auditVerifyContinuesFromTheLastSoundCheckUnlessAskedForAFullOne() {
    gateway.http().get("/audit/verify?full=true").assertStatus(200);
    gateway.service(GatewayEvents.class).record("policy.changed", Map.of());

    JsonNode incremental = gateway.http().get("/audit/verify").assertStatus(200).json();
    assertThat(incremental.path("ok").asBoolean()).isTrue();
    assertThat(incremental.path("full").asBoolean()).isFalse();
    assertThat(incremental.path("from_seq").asLong()).isGreaterThan(1);

    JsonNode full = gateway.http().get("/audit/verify?full=true").assertStatus(200).json();
    assertThat(full.path("full").asBoolean()).isTrue();
    assertThat(full.path("from_seq").asLong()).isEqualTo(1);
    assertThat(full.path("records").asLong()).isEqualTo(incremental.path("records").asLong());
    assertThat(gateway.http().get("/audit/verify?full=yes").assertStatus(400).errorCode()).isEqualTo("invalid_request");

    assertThat(gateway.shell().run("audit:verify --full").assertSucceeded().console()).contains("every record checked");
  }

  private static void assertInvalid(HttpResult result, String pointer) {
    result.assertStatus(400);
    assertThat(result.errorCode()).as(result.body()).isEqualTo("invalid_request");
    assertThat(result.json().path("error").path("details").toString()).isEqualTo("[\"" + pointer + "\"]");
  }

  private static void assertJsonError(RawConnection.Answer answer, int status, String code) {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.header("Content-Type")).startsWith("application/json");
    assertThat(answer.errorCode()).isEqualTo(code);
    assertThat(answer.json().path("error").path("message").asString()).isNotBlank();
    assertThat(answer.json().path("error").path("details").isArray()).isTrue();
  }

  private static RawConnection.Answer raw(String request) {
    return raw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static RawConnection.Answer raw(byte[] request) {
    try (RawConnection connection = new RawConnection(gateway.url())) {
      return connection.exchange(request);
    }
  }

  private static String get(String path, String token) {
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
  }

  private static byte[] bytes(String head, byte[] middle, String tail) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(middle);
    out.writeBytes(tail.getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  private static String swapCase(String text) {
    StringBuilder swapped = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      swapped.append(Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
    }
    return swapped.toString();
  }
}
