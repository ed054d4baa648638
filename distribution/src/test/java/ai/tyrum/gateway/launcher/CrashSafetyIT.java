package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import ai.tyrum.gateway.itest.Await;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Crash safety (DESIGN section 5): {@code bin/gateway} is halted at each named step of install, upgrade
 * and uninstall ({@code -Dtyrum.test.halt-at=POINT}: {@code Runtime.halt(99)}, as a kill), then started
 * again. The lockfile, the store, the framework and the audit log must then agree on the old state or the
 * new one, and which of the two each step gives is pinned below, from the order the pipeline keeps:
 * store, then lockfile (the record of intent), then framework, and at start the framework brought in
 * line with the lockfile.
 *
 * <p>The store may keep a jar no entry names (a kill after {@code install.stored}, or an uninstall without
 * {@code purge}): such a jar is never loaded, and installing the same bytes again reuses it.
 */
class CrashSafetyIT {

  static final Path GATEWAY = GatewayStartIT.HOME.resolve("bin/gateway").toAbsolutePath();
  static final Path FIXTURES = Path.of(System.getProperty("tyrum.fixtures.dir", "target/fixtures")).toAbsolutePath();
  static final Path V1_0 = FIXTURES.resolve("fixture.versioned-1.0.0-1.0.0.jar");
  static final Path V1_1 = FIXTURES.resolve("fixture.versioned-1.1.0-1.1.0.jar");
  /** Passes every check, but its component throws in activate: an upgrade to it is rolled back. */
  static final Path V1_2_BROKEN = FIXTURES.resolve("fixture.versioned-1.2.0-broken-1.2.0.jar");
  static final String ABSENT = "absent";
  static final JsonMapper JSON = JsonMapper.shared();

  @TempDir
  Path temp;

  enum Operation { INSTALL, UPGRADE, BROKEN_UPGRADE, UNINSTALL }

  /**
   * Each halt point, the operation it interrupts, the state the restart must show (the version of
   * plugin versioned, or absent), and the events of that plugin the crash and the restart must leave, in
   * order ({@code kind} or {@code kind/reason}).
   */
  static Stream<Arguments> haltPoints() {
    return Stream.of(
        // stored, not yet locked: no entry names the jar, so the restart has nothing to do (old state)
        arguments("install.stored", Operation.INSTALL, ABSENT, List.of()),
        // locked, no bundle yet: the restart installs the locked jar from the store (new state)
        arguments("install.locked", Operation.INSTALL, "1.0.0", List.of("verified", "installed", "loaded")),
        // locked and installed, not started: the restart starts it (new state)
        arguments("install.installed", Operation.INSTALL, "1.0.0", List.of("verified", "installed", "loaded")),
        // the entry names 1.1.0 with 1.0.0 as previous, the framework still holds 1.0.0: back to it (old state)
        arguments("upgrade.locked", Operation.UPGRADE, "1.0.0", List.of("rolled_back/interrupted")),
        // the framework holds 1.1.0 (Felix restarts an updated active bundle): the restart finishes (new state)
        arguments("upgrade.updated", Operation.UPGRADE, "1.1.0", List.of("loaded", "upgraded/interrupted")),
        // 1.1.0 started, the lockfile still names 1.0.0 as previous: the restart finishes (new state)
        arguments("upgrade.started", Operation.UPGRADE, "1.1.0", List.of("loaded", "upgraded/interrupted")),
        // the framework holds 1.2.0, whose component failed: the restart tries it as the upgrade would have,
        // and rolls back to 1.0.0 (old state)
        arguments("upgrade.updated", Operation.BROKEN_UPGRADE, "1.0.0", List.of("rolled_back/start_failed")),
        // rolling back: the framework holds 1.0.0 again, the lockfile still names 1.2.0 with 1.0.0 as
        // previous: the restart returns to the version the framework holds (old state)
        arguments("rollback.updated", Operation.BROKEN_UPGRADE, "1.0.0", List.of("rolled_back/interrupted")),
        // the entry is gone, the bundle not yet: the restart uninstalls the bundle it no longer names (new state)
        arguments("uninstall.locked", Operation.UNINSTALL, ABSENT, List.of("failed/not_in_lockfile", "uninstalled")),
        // entry and bundle gone: nothing left to do (new state)
        arguments("uninstall.uninstalled", Operation.UNINSTALL, ABSENT, List.of("uninstalled")));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("haltPoints")
  void aKillAtEachStepLeavesTheOldOrTheNewStateAndEverythingAgrees(
      String haltAt, Operation operation, String expected, List<String> story) throws Exception {
    Path data = temp.resolve("data");
    String token;
    try (Running clean = Running.start(data, Optional.empty())) {
      token = clean.token();
      if (operation != Operation.INSTALL) {
        assertThat(clean.post("/plugins/install", fileBody(V1_0), token).path("state").asString()).isEqualTo("loaded");
      }
    }
    long before = auditRecords(data).size();

    Running crashing = Running.start(data, Optional.of(haltAt));
    try {
      switch (operation) {
        case INSTALL -> crashing.sendExpectingNoAnswer("POST", "/plugins/install", fileBody(V1_0), token);
        case UPGRADE -> crashing.sendExpectingNoAnswer("POST", "/plugins/install", fileBody(V1_1), token);
        case BROKEN_UPGRADE -> crashing.sendExpectingNoAnswer("POST", "/plugins/install", fileBody(V1_2_BROKEN), token);
        case UNINSTALL -> crashing.sendExpectingNoAnswer("DELETE", "/plugins/versioned", "", token);
      }
      assertThat(crashing.process.waitFor(60, TimeUnit.SECONDS)).as("halted at %s", haltAt).isTrue();
      assertThat(crashing.process.exitValue()).isEqualTo(99);
      assertThat(crashing.output()).contains("gateway: halting at " + haltAt + " (tyrum.test.halt-at)");
    } finally {
      crashing.process.destroyForcibly();
    }

    try (Running restarted = Running.start(data, Optional.empty())) {
      // SCR logs the broken version's own failure (its component throws by design); nothing else may fail
      assertThat(restarted.startOutput).noneMatch(l -> (l.contains("ERROR") || l.contains("Exception"))
          && !(operation == Operation.BROKEN_UPGRADE && (l.contains("versioned:1.2.0") || l.contains("versioned 1.2.0 refuses"))));

      // the lockfile: the plugin at the expected version, or not at all, and no unfinished upgrade
      JsonNode lock = JSON.readTree(Files.readString(data.resolve("plugins.lock.json"))).path("plugins");
      if (expected.equals(ABSENT)) {
        assertThat(lock.has("versioned")).as("lockfile names versioned").isFalse();
      } else {
        assertThat(lock.path("versioned").path("version").asString()).isEqualTo(expected);
      }
      for (JsonNode entry : lock.values()) {
        assertThat(entry.has("previous")).as("an unfinished upgrade in %s", entry).isFalse();
        assertThat(entry.has("held")).isFalse();
        // the store: every entry's jar, read-only, hashing to its name
        Path jar = data.resolve("store").resolve(entry.path("integrity_sha256").asString() + ".jar");
        assertThat(jar).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(jar))).isEqualTo("r--------");
        assertThat(sha256(Files.readAllBytes(jar))).isEqualTo(entry.path("integrity_sha256").asString());
      }

      // the framework: one bundle for the plugin, in the state the lockfile implies, or none
      if (expected.equals(ABSENT)) {
        assertThat(restarted.pluginsNamed("versioned", token)).isEmpty();
      } else {
        Await.until("versioned " + expected + " is loaded", () -> restarted.pluginsNamed("versioned", token).stream()
            .anyMatch(p -> p.path("state").asString().equals("loaded")));
        List<JsonNode> bundles = restarted.pluginsNamed("versioned", token);
        assertThat(bundles).hasSize(1);
        assertThat(bundles.get(0).path("version").asString()).isEqualTo(expected);
        assertThat(bundles.get(0).path("integrity_sha256").asString())
            .isEqualTo(lock.path("versioned").path("integrity_sha256").asString());
      }
      JsonNode verdicts = restarted.get("/marketplace/verify", token).path("plugins");
      assertThat(verdicts.values()).allSatisfy(v -> assertThat(v.path("verdict").asString()).as("%s", v).isEqualTo("ok"));
      assertThat(verdicts.values().stream().map(v -> v.path("id").asString()).sorted().toList())
          .isEqualTo(lock.propertyNames().stream().sorted().toList());

      // the tool answers with the version the lockfile names, or is gone
      HttpResponse<String> greeting = restarted.send("POST", "/tools/plugin.versioned.greet/invoke",
          "{\"agent\":\"default\",\"input\":{\"name\":\"crash\"}}", token);
      if (expected.equals(ABSENT)) {
        assertThat(greeting.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(greeting.body()).path("error").path("code").asString()).isEqualTo("unknown_tool");
      } else {
        assertThat(greeting.statusCode()).as(greeting.body()).isEqualTo(200);
        assertThat(JSON.readTree(greeting.body()).path("output").path("greeting").asString())
            .isEqualTo("hello crash from " + expected);
      }

      // the audit log: sound, and the plugin's events since the clean run tell the same story
      assertThat(restarted.get("/audit/verify?full=true", token).path("ok").asBoolean()).isTrue();
      List<JsonNode> payloads = auditRecords(data).stream().skip(before)
          .filter(r -> r.path("type").asString().equals("plugin.lifecycle"))
          .map(r -> r.path("payload"))
          .filter(p -> p.path("plugin").path("id").asString().equals("versioned"))
          .toList();
      List<String> events = payloads.stream()
          .map(p -> p.path("kind").asString() + (p.has("reason") ? "/" + p.path("reason").asString() : ""))
          .toList();
      if (story.isEmpty()) {
        assertThat(events).isEmpty();
      } else {
        assertThat(events).containsSubsequence(story);
      }
      // a failure the story does not name, other than the broken version's own
      assertThat(payloads).as("events %s", events).noneMatch(p -> p.path("kind").asString().equals("failed")
          && !story.contains("failed/" + p.path("reason").asString())
          && !p.path("plugin").path("version").asString().equals("1.2.0"));
      if (story.contains("rolled_back/interrupted")) {
        assertThat(events).doesNotContain("upgraded", "upgraded/interrupted");
      }
      if (story.contains("upgraded/interrupted")) {
        assertThat(events).noneMatch(e -> e.startsWith("rolled_back"));
      }
    }
  }

  private static String fileBody(Path jar) {
    return "{\"file\":\"" + jar + "\"}";
  }

  private static List<JsonNode> auditRecords(Path data) throws IOException {
    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("audit/audit.log"))) {
      if (!line.isBlank()) {
        records.add(JSON.readTree(line));
      }
    }
    return records;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  /** A headless {@code bin/gateway} that announced readiness; its output keeps being read. */
  private static final class Running implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();

    final Process process;
    final List<String> startOutput;
    final URI url;
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Thread reader;

    private Running(Process process, List<String> startOutput, URI url, BufferedReader out) {
      this.process = process;
      this.startOutput = startOutput;
      this.url = url;
      lines.addAll(startOutput);
      this.reader = new Thread(() -> {
        try {
          String line;
          while ((line = out.readLine()) != null) {
            lines.add(line);
          }
        } catch (IOException ended) {
          // the process is gone
        }
      }, "gateway-output");
      reader.setDaemon(true);
      reader.start();
    }

    static Running start(Path data, Optional<String> haltAt) throws IOException {
      ProcessBuilder builder = new ProcessBuilder(GATEWAY.toString(), "--headless", "--data", data.toString(), "--port", "0")
          .redirectErrorStream(true);
      builder.environment().remove("JAVA_OPTS");
      haltAt.ifPresent(point -> builder.environment().put("JAVA_OPTS", "-Dtyrum.test.halt-at=" + point));
      Process gateway = builder.start();
      BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
      List<String> lines = new ArrayList<>();
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("gateway ready ")) {
        lines.add(line);
      }
      if (line == null) {
        gateway.destroyForcibly();
        throw new AssertionError("no ready line; the gateway printed: " + lines);
      }
      return new Running(gateway, lines, URI.create(line.substring("gateway ready ".length())), out);
    }

    String token() {
      return startOutput.stream().filter(l -> l.startsWith("bootstrap admin token: ")).findFirst().orElseThrow()
          .substring("bootstrap admin token: ".length());
    }

    String output() throws InterruptedException {
      reader.join(TimeUnit.SECONDS.toMillis(30));
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws IOException, InterruptedException {
      HttpRequest.Builder request = HttpRequest.newBuilder(url.resolve(path))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + token);
      if (body.isEmpty()) {
        request.method(method, HttpRequest.BodyPublishers.noBody());
      } else {
        request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
      }
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode get(String path, String token) throws IOException, InterruptedException {
      HttpResponse<String> response = send("GET", path, "", token);
      assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }

    JsonNode post(String path, String body, String token) throws IOException, InterruptedException {
      HttpResponse<String> response = send("POST", path, body, token);
      assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    }

    /** Sends a request the process halts in: the connection closes without an answer. */
    void sendExpectingNoAnswer(String method, String path, String body, String token) throws InterruptedException {
      try {
        HttpResponse<String> response = send(method, path, body, token);
        throw new AssertionError("the gateway answered " + response.statusCode() + " " + response.body() + " instead of halting");
      } catch (IOException halted) {
        // the process halted while it handled the request
      }
    }

    List<JsonNode> pluginsNamed(String id, String token) throws IOException, InterruptedException {
      return get("/plugins", token).path("plugins").values().stream().filter(p -> p.path("id").asString().equals(id)).toList();
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("the gateway did not stop within 30 s");
      }
    }
  }
}
