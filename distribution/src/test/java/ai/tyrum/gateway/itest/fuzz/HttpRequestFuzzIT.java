package ai.tyrum.gateway.itest.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.marketplace.FakePluginInstaller;
import ai.tyrum.gateway.spi.PluginInstaller;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile HTTP requests, sent byte by byte over a socket to a real gateway: every route of the route
 * table with and without a token of each scope and with hostile bodies, and raw requests that break the
 * protocol itself (bad escapes, overlong lines, bad chunking, bytes that are not UTF-8, odd methods,
 * duplicate or case-swapped Authorization headers, a second request on the same connection).
 */
@AddLifecycleHook(FuzzTries.class)
class HttpRequestFuzzIT {

  /** Every route of the route table (gateway.core http), and the web console's path. */
  private static final List<String> TEMPLATES =
      List.of("/healthz", "/status", "/plugins", "/plugins/{id}", "/plugins/{id}/config", "/plugins/{id}/config/schema",
          "/tools", "/tools/{toolId}/invoke", "/commands/execute", "/plugins/{id}/rpc/{path}", "/plugins/{id}/rpc/{path}/{path}",
          "/approvals", "/approvals/{id}/approve", "/approvals/{id}/deny", "/events", "/audit/verify", "/export",
          "/plugins/install", "/plugins/{id}/upgrade", "/plugins/{id}/enable", "/plugins/{id}/disable", "/plugins/{id}/grant",
          "/plugins/{id}/revoke", "/marketplace/search", "/marketplace/plugins/{id}", "/marketplace/verify", "/tokens", "/tokens/{id}",
          "/secrets", "/secrets/{id}/{id}", "/mcp/servers/{id}/{id}/approve", "/ui", "/", "");

  private static final List<String> KNOWN_SEGMENTS =
      List.of("echo", "notes", "nope", "plugin.echo.echo", "plugin.notes.add_note", "plugin.notes.list_notes", "ping", "a1b2");

  private static final List<String> BODY_KEYS = List.of("agent", "input", "text", "approval", "greeting", "api_key", "title", "body", "id", "version", "file", "sha256", "grants", "value",
          "permissions");

  private static GatewayFramework gateway;

  @BeforeContainer
  static void start() {
    // the real policy bundle: it also serves the approvals that /approvals lists
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        // the marketplace played by a fake, so that the plugin operations read the hostile bodies
        .service(PluginInstaller.class, new FakePluginInstaller())
        .plugin("echo")
        .plugin("notes")
        .token("reader", "operator.read")
        .token("writer", "operator.write")
        .token("invoker", "tools.invoke")
        .start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterContainer
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Property(tries = 150)
  void everyRouteAnswersEveryRequestInTheDocumentedShape(
      @ForAll("methods") String method, @ForAll("targets") String target, @ForAll("authorization") String authorization,
      @ForAll("bodies") HostileInput.Body body) {
    byte[] request = HostileInput.concat(
        (method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + authorization
            + "Content-Type: application/json\r\nContent-Length: " + body.bytes().length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8),
        body.bytes());
    List<RawHttp.Answer> answers = RawHttp.exchange(gateway.url(), request);

    assertThat(answers).as("answers to " + ApiAnswers.describe(request)).hasSize(1);
    RawHttp.Answer answer = answers.get(0);
    Statistics.label("status").collect(answer.status());
    ApiAnswers.assertWellFormed(ApiAnswers.describe(request), answer.status(), answer.header("content-type"), answer.body());
    assertHealthy();
  }

  @Property(tries = 150)
  void rawRequestsThatBreakTheProtocolAreAnsweredInTheDocumentedShape(@ForAll("rawRequests") RawRequest raw) {
    byte[] request = raw.bytes();
    List<RawHttp.Answer> answers = RawHttp.exchange(gateway.url(), request);

    Statistics.label("answers").collect(answers.size());
    for (RawHttp.Answer answer : answers) {
      Statistics.label("status").collect(answer.status());
      ApiAnswers.assertWellFormed(ApiAnswers.describe(request), answer.status(), answer.header("content-type"), answer.body());
    }
    assertHealthy();
  }

  @Property(tries = 60)
  void aTokenThatIsNotExactlyAnIssuedOneIsRefusedEvenAfterTheIssuedOneOnTheSameConnection(
      @ForAll("tokenNames") String name, @ForAll("tokenMutations") TokenMutation mutation) {
    String issued = gateway.token(name);
    String forged = mutation.apply(issued);
    Assume.that(!forged.equals(issued));
    String first = "GET /plugins HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + issued + "\r\n\r\n";
    String second = "GET /plugins HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + forged + "\r\nConnection: close\r\n\r\n";

    List<RawHttp.Answer> answers = RawHttp.exchange(gateway.url(), (first + second).getBytes(StandardCharsets.UTF_8));

    assertThat(answers).as("answers to " + first + second).hasSize(2);
    assertThat(answers.get(0).status()).as("the issued token " + name).isIn(200, 403);
    assertThat(answers.get(1).status()).as("the forged token " + forged + " after " + issued).isEqualTo(401);
  }

  private static void assertHealthy() {
    List<RawHttp.Answer> health =
        RawHttp.exchange(gateway.url(), "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(health).as("/healthz answers afterwards").hasSize(1);
    assertThat(health.get(0).status()).as("/healthz afterwards").isEqualTo(200);
  }

  @Provide
  Arbitrary<String> methods() {
    return HostileInput.methods();
  }

  @Provide
  Arbitrary<String> targets() {
    Arbitrary<String> segment = HostileInput.segments(KNOWN_SEGMENTS);
    Arbitrary<String> path = Arbitraries.of(TEMPLATES).flatMap(template -> {
      String[] parts = template.split("/", -1);
      return segment.list().ofSize(parts.length).map(values -> {
        StringBuilder p = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
          p.append('/').append(parts[i].startsWith("{") ? values.get(i) : parts[i]);
        }
        return p.length() == 0 ? "/" : p.toString();
      });
    });
    return Combinators.combine(path, HostileInput.queries(), Arbitraries.of("", "", "", "/", "//", "/.", "/..", "%00", ";jsessionid=1"))
        .as((p, q, suffix) -> p + suffix + q);
  }

  @Provide
  Arbitrary<String> authorization() {
    return Arbitraries.of("", "admin", "reader", "writer", "invoker", "forged", "empty", "basic", "lower", "twice", "twice-forged-first")
        .map(kind -> switch (kind) {
          case "" -> "";
          case "forged" -> "Authorization: Bearer tyr_forged\r\n";
          case "empty" -> "Authorization: Bearer \r\n";
          case "basic" -> "Authorization: Basic YWRtaW46YWRtaW4=\r\n";
          case "lower" -> "authorization: bearer " + gateway.token("reader") + "\r\n";
          case "twice" -> "Authorization: Bearer " + gateway.token("reader") + "\r\nAuthorization: Bearer " + gateway.token("admin") + "\r\n";
          case "twice-forged-first" -> "Authorization: Bearer tyr_forged\r\nAuthorization: Bearer " + gateway.token("admin") + "\r\n";
          default -> "Authorization: Bearer " + gateway.token(kind) + "\r\n";
        });
  }

  @Provide
  Arbitrary<HostileInput.Body> bodies() {
    return rawBodies().map(HostileInput.Body::new);
  }

  private Arbitrary<byte[]> rawBodies() {
    Arbitrary<byte[]> plausible =
        Arbitraries.of("{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}", "{\"text\":\"/echo hi\",\"agent\":\"default\"}",
                "{\"greeting\":\"hello\"}", "{}")
            .map(s -> s.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(new byte[0])), Tuple.of(2, plausible),
        Tuple.of(6, HostileInput.jsonBodies(BODY_KEYS)));
  }

  @Provide
  Arbitrary<String> tokenNames() {
    return Arbitraries.of("admin", "reader", "writer", "invoker");
  }

  /** A change to an issued token, named for the failure report. */
  record TokenMutation(String name, UnaryOperator<String> change) {
    String apply(String token) {
      return change.apply(token);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  @Provide
  Arbitrary<TokenMutation> tokenMutations() {
    Arbitrary<Integer> at = Arbitraries.integers().between(0, 200);
    return Arbitraries.oneOf(
        at.map(i -> new TokenMutation("swap the case of character " + i + " (modulo the length)", t -> {
          int k = i % t.length();
          char c = t.charAt(k);
          char swapped = Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c);
          return t.substring(0, k) + swapped + t.substring(k + 1);
        })),
        Arbitraries.just(new TokenMutation("upper case", t -> t.toUpperCase(Locale.ROOT))),
        Arbitraries.just(new TokenMutation("lower case", t -> t.toLowerCase(Locale.ROOT))),
        Arbitraries.just(new TokenMutation("drop the last character", t -> t.substring(0, t.length() - 1))),
        Arbitraries.just(new TokenMutation("append x", t -> t + "x")),
        Arbitraries.just(new TokenMutation("append %00", t -> t + "%00")),
        at.map(i -> new TokenMutation("drop character " + i + " (modulo the length)", t -> {
          int k = i % t.length();
          return t.substring(0, k) + t.substring(k + 1);
        })));
  }

  /** Requests that break HTTP/1.1 itself, one kind each, sometimes followed by a good one on the same connection. */
  /** A broken request and its kind; shown as text in a failure report. */
  record RawRequest(RawKind kind, byte[] bytes) {
    @Override
    public String toString() {
      return kind + ": " + ApiAnswers.describe(bytes);
    }
  }

  @Provide
  Arbitrary<RawRequest> rawRequests() {
    return Combinators.combine(Arbitraries.of(RawKind.values()), Arbitraries.integers().between(0, 100_000), HostileInput.segments(KNOWN_SEGMENTS),
            Arbitraries.of(true, false))
        .as((k, n, segment, keepAlive) -> {
          byte[] first = k.build(n, segment, gateway.token("admin"));
          byte[] second = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
          return new RawRequest(k, keepAlive ? HostileInput.concat(first, second) : first);
        });
  }

  /** Kinds of broken requests. {@code n} sizes what has a size; {@code segment} is a hostile path segment. */
  enum RawKind {
    OVERLONG_URI {
      byte[] build(int n, String segment, String token) {
        return ascii("GET /plugins/" + "a".repeat(1000 + n) + " HTTP/1.1\r\nHost: x\r\n\r\n");
      }
    },
    OVERLONG_HEADER {
      byte[] build(int n, String segment, String token) {
        return ascii("GET /status HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(1000 + n) + "\r\n\r\n");
      }
    },
    MANY_HEADERS {
      byte[] build(int n, String segment, String token) {
        StringBuilder r = new StringBuilder("GET /status HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 50 + n / 50; i++) {
          r.append("X-H").append(i).append(": v\r\n");
        }
        return ascii(r.append("\r\n").toString());
      }
    },
    BAD_ESCAPE {
      byte[] build(int n, String segment, String token) {
        return ascii("GET /plugins/" + segment + "/config HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");
      }
    },
    RAW_NON_UTF8_PATH {
      byte[] build(int n, String segment, String token) {
        return HostileInput.concat(ascii("GET /plugins/"), new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
            ascii(" HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n"));
      }
    },
    NON_UTF8_HEADER {
      byte[] build(int n, String segment, String token) {
        return HostileInput.concat(ascii("GET /status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "), new byte[] {(byte) 0xFF, (byte) 0xFE},
            ascii("\r\n\r\n"));
      }
    },
    BAD_CHUNK_SIZE {
      byte[] build(int n, String segment, String token) {
        return ascii("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n");
      }
    },
    CHUNK_LONGER_THAN_DATA {
      byte[] build(int n, String segment, String token) {
        return ascii("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(100 + n) + "\r\n{\"text\":\"/echo hi\"}\r\n0\r\n\r\n");
      }
    },
    CHUNK_SIZE_OVERFLOW {
      byte[] build(int n, String segment, String token) {
        return ascii("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n{}\r\n0\r\n\r\n");
      }
    },
    CONTENT_LENGTH_AND_CHUNKED {
      byte[] build(int n, String segment, String token) {
        return ascii("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
      }
    },
    BAD_CONTENT_LENGTH {
      byte[] build(int n, String segment, String token) {
        String[] lengths = {"-1", "abc", "99999999999999999999", "2, 3", "1e3", " "};
        return ascii("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nContent-Length: " + lengths[n % lengths.length] + "\r\n\r\n{}");
      }
    },
    TWO_CONTENT_LENGTHS {
      byte[] build(int n, String segment, String token) {
        return ascii("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{} ");
      }
    },
    ODD_METHOD {
      byte[] build(int n, String segment, String token) {
        String[] methods = {"FOO", "get", "G ET", "GET\u0000", "TRACE", "CONNECT", "OPTIONS", "PRI", "BREW", "-"};
        return ascii(methods[n % methods.length] + " /status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");
      }
    },
    ODD_VERSION {
      byte[] build(int n, String segment, String token) {
        String[] versions = {"HTTP/1.0", "HTTP/2.0", "HTTP/9.9", "http/1.1", "HTTP/1.1 x", "", "HTTP/1.1\u0000"};
        return ascii("GET /status " + versions[n % versions.length] + "\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");
      }
    },
    ODD_TARGET {
      byte[] build(int n, String segment, String token) {
        String[] targets = {"*", "http://127.0.0.1/status", "status", "//status", "/status#x", "/st atus", "/%2e%2e/status",
            "/plugins/../status", "/plugins/%2e%2e/status", "/\\status", "/status?%"};
        return ascii("GET " + targets[n % targets.length] + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n");
      }
    },
    HEADER_WITHOUT_COLON {
      byte[] build(int n, String segment, String token) {
        return ascii("GET /status HTTP/1.1\r\nHost: x\r\nAuthorization Bearer " + token + "\r\nX Y: z\r\n\r\n");
      }
    },
    FOLDED_HEADER {
      byte[] build(int n, String segment, String token) {
        return ascii("GET /status HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer\r\n " + token + "\r\n\r\n");
      }
    },
    NO_HOST {
      byte[] build(int n, String segment, String token) {
        return ascii("GET /status HTTP/1.1\r\nAuthorization: Bearer " + token + "\r\n\r\n");
      }
    },
    TWO_HOSTS {
      byte[] build(int n, String segment, String token) {
        return ascii("GET /status HTTP/1.1\r\nHost: a\r\nHost: b\r\nAuthorization: Bearer " + token + "\r\n\r\n");
      }
    },
    BARE_LF {
      byte[] build(int n, String segment, String token) {
        return ascii("GET /status HTTP/1.1\nHost: x\nAuthorization: Bearer " + token + "\n\n");
      }
    },
    EXPECT_CONTINUE {
      byte[] build(int n, String segment, String token) {
        return ascii("PUT /plugins/echo/config HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
      }
    },
    BODY_SHORTER_THAN_LENGTH {
      byte[] build(int n, String segment, String token) {
        return ascii("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
            + "\r\nContent-Type: application/json\r\nContent-Length: " + (10 + n) + "\r\n\r\n{\"text\":");
      }
    },
    WRONG_CONTENT_TYPE {
      byte[] build(int n, String segment, String token) {
        String[] types = {"text/plain", "application/json; charset=latin1", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""};
        return ascii("POST /commands/execute HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nContent-Type: "
            + types[n % types.length] + "\r\nContent-Length: 27\r\n\r\n{\"text\":\"/echo hi\",\"a\":1}");
      }
    },
    GARBAGE {
      byte[] build(int n, String segment, String token) {
        byte[] bytes = new byte[1 + n % 2000];
        new java.util.Random(n).nextBytes(bytes);
        return bytes;
      }
    };

    abstract byte[] build(int n, String segment, String token);

    private static byte[] ascii(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
  }
}
