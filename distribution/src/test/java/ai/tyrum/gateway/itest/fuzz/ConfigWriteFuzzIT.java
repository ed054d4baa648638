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
import java.util.Optional;
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
 * Config writes derived from the echo and notes config schemas and then mutated, sent to
 * {@code PUT /plugins/{id}/config}: a refused write changes nothing (the config file's bytes,
 * {@code GET /plugins/{id}/config}, the audit log), and whatever was stored, through the API or straight
 * onto the disk, the gateway starts again with every plugin loaded or failed with a reason.
 */
@AddLifecycleHook(FuzzTries.class)
class ConfigWriteFuzzIT {

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final List<String> PLUGINS = List.of("echo", "notes");

  private static GatewayFramework gateway;

  @BeforeContainer
  static void start() {
    gateway = started();
  }

  @AfterContainer
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static GatewayFramework started() {
    GatewayFramework started = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .plugin("echo")
        .plugin("notes")
        .start();
    started.awaitPluginState("echo", "loaded");
    started.awaitPluginState("notes", "loaded");
    return started;
  }

  @Property(tries = 120)
  void aRefusedConfigWriteChangesNothing(@ForAll("pluginIds") String id, @ForAll("configBodies") HostileInput.Body body) {
    Optional<String> fileBefore = configFile(gateway, id);
    RawHttp.Answer readBefore = get(gateway, "/plugins/" + id + "/config");
    long auditBefore = auditSize(gateway);

    byte[] request = HostileInput.concat(
        ("PUT /plugins/" + id + "/config HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + gateway.token()
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.bytes().length + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8),
        body.bytes());
    List<RawHttp.Answer> answers = RawHttp.exchange(gateway.url(), request);

    String what = ApiAnswers.describe(request);
    assertThat(answers).as("answers to " + what).hasSize(1);
    RawHttp.Answer answer = answers.get(0);
    ApiAnswers.assertWellFormed(what, answer.status(), answer.header("content-type"), answer.body());
    Statistics.label("status").collect(answer.status());
    if (answer.status() >= 300) {
      assertThat(configFile(gateway, id)).as("config file after " + what + " -> " + answer).isEqualTo(fileBefore);
      RawHttp.Answer readAfter = get(gateway, "/plugins/" + id + "/config");
      assertThat(readAfter.status()).as("GET config after " + what).isEqualTo(readBefore.status());
      assertThat(readAfter.body()).as("GET config after " + what + " -> " + answer).isEqualTo(readBefore.body());
      assertThat(auditSize(gateway)).as("audit log after " + what + " -> " + answer).isEqualTo(auditBefore);
    }
  }

  @Property(tries = 2)
  @FuzzTries.Costly(divisor = 200)
  void theGatewayStartsAgainWithWhateverWasStored(
      @ForAll("writes") List<Tuple.Tuple2<String, HostileInput.Body>> writes, @ForAll("onDisk") Optional<Tuple.Tuple2<String, HostileInput.Body>> onDisk) {
    GatewayFramework fresh = started();
    try {
      for (Tuple.Tuple2<String, HostileInput.Body> write : writes) {
        byte[] request = HostileInput.concat(
            ("PUT /plugins/" + write.get1() + "/config HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + fresh.token()
                + "\r\nContent-Type: application/json\r\nContent-Length: " + write.get2().bytes().length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8),
            write.get2().bytes());
        RawHttp.exchange(fresh.url(), request);
      }
      if (onDisk.isPresent()) {
        Path file = fresh.data().resolve("config").resolve(onDisk.get().get1() + ".json");
        Files.createDirectories(file.getParent());
        Files.write(file, onDisk.get().get2().bytes());
      }
      fresh = fresh.restart();

      assertThat(get(fresh, "/healthz").status()).as("/healthz after the restart").isEqualTo(200);
      JsonNode plugins = JSON.readTree(get(fresh, "/plugins").body()).path("plugins");
      for (String id : PLUGINS) {
        JsonNode plugin = null;
        for (JsonNode p : plugins) {
          if (p.path("id").asString().equals(id)) {
            plugin = p;
          }
        }
        assertThat(plugin).as(id + " in GET /plugins after the restart: " + plugins).isNotNull();
        String state = plugin.path("state").asString();
        Statistics.label(id).collect(state);
        assertThat(state).as(id + " after the restart: " + plugin).isIn("loaded", "failed");
        if (state.equals("failed")) {
          assertThat(plugin.path("reason").asString("")).as(id + " failed with a reason: " + plugin).isNotBlank();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      fresh.close();
    }
  }

  private static RawHttp.Answer get(GatewayFramework on, String path) {
    List<RawHttp.Answer> answers = RawHttp.exchange(on.url(), ("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
        + on.token() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    assertThat(answers).as("answers to GET " + path).hasSize(1);
    return answers.get(0);
  }

  /** The config file's bytes, one char each, so that equal bytes compare equal. */
  private static Optional<String> configFile(GatewayFramework on, String id) {
    Path file = on.data().resolve("config").resolve(id + ".json");
    try {
      return Files.isRegularFile(file) ? Optional.of(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long auditSize(GatewayFramework on) {
    try {
      return Files.size(on.data().resolve("audit/audit.log"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The plugins' ids, and ids of no plugin; ids that break URL decoding are HttpRequestFuzzIT's. */
  @Provide
  Arbitrary<String> pluginIds() {
    return Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.of(PLUGINS)),
        Tuple.of(1, Arbitraries.of("nope", "ECHO", "echo.json", "echo-", "e")));
  }

  /** Values the schemas accept (greeting, api_key: strings; max_notes: an integer of at least 1), then mutated. */
  @Provide
  Arbitrary<HostileInput.Body> configBodies() {
    return rawConfigBodies().map(HostileInput.Body::new);
  }

  private Arbitrary<byte[]> rawConfigBodies() {
    Arbitrary<String> value = Arbitraries.frequencyOf(
        Tuple.of(3, Arbitraries.strings().ofMaxLength(20).map(s -> JSON.writeValueAsString(s))),
        Tuple.of(2, Arbitraries.integers().between(-2, 1000).map(String::valueOf)),
        Tuple.of(4, Arbitraries.of(HostileInput.HOSTILE_VALUES)));
    Arbitrary<String> key = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of("greeting", "api_key", "max_notes")),
        Tuple.of(1, Arbitraries.of("extra", "", "Greeting", "greeting ", "__proto__", "$schema")));
    Arbitrary<String> object = Combinators.combine(key, value).as((k, v) -> JSON.writeValueAsString(k) + ":" + v)
        .list().ofMaxSize(3).map(members -> "{" + String.join(",", members) + "}");
    return Arbitraries.frequencyOf(
        Tuple.of(7, object.map(s -> s.getBytes(StandardCharsets.UTF_8))),
        Tuple.of(3, HostileInput.jsonBodies(List.of("greeting", "api_key", "max_notes"))));
  }

  @Provide
  Arbitrary<List<Tuple.Tuple2<String, HostileInput.Body>>> writes() {
    return Combinators.combine(Arbitraries.of(PLUGINS), configBodies()).as(Tuple::of).list().ofMaxSize(4);
  }

  /** What an operator (or a crash, or a full disk) may leave in a config file. */
  @Provide
  Arbitrary<Optional<Tuple.Tuple2<String, HostileInput.Body>>> onDisk() {
    Arbitrary<byte[]> bytes = Arbitraries.oneOf(
        Arbitraries.of("", "{", "[]", "null", "12", "{\"greeting\":12}", "{\"max_notes\":0}", "{\"max_notes\":1e308}",
                "{\"max_notes\":" + "9".repeat(400) + "}", "\"\\ud800\"", "{\"greeting\":\"\\ud800\"}", "\ufeff{}",
                "{\"greeting\":\"a\",\"greeting\":\"b\"}", "[".repeat(100_000), "{\"extra\":true}")
            .map(s -> s.getBytes(StandardCharsets.UTF_8)),
        Arbitraries.just(new byte[] {'{', '"', 'g', 'r', 'e', 'e', 't', 'i', 'n', 'g', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
        rawConfigBodies());
    return Combinators.combine(Arbitraries.of(PLUGINS), bytes.map(HostileInput.Body::new)).as(Tuple::of).optional(0.7);
  }
}
