package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Runs {@code bin/gateway} of the assembled distribution as an operator would. */
class BinGatewayIT {
  static final Path GATEWAY = GatewayStartIT.HOME.resolve("bin/gateway");

  @TempDir
  Path temp;

  @Test
  void refusesWorldWritableDataDirWithExitCode1AndTheFix() throws Exception {
    Path data = Files.createDirectory(temp.resolve("data"));
    Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));

    Finished run = run("--headless", "--data", data.toString(), "--port", "0");

    assertThat(run.exitCode).isEqualTo(1);
    assertThat(run.stderr).contains("world-writable").contains("chmod 700 " + data);
    assertThat(data.resolve("felix-cache")).doesNotExist();
  }

  @Test
  void refusesUnknownOptionWithExitCode2AndUsage() throws Exception {
    Finished run = run("--frobnicate");

    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.stderr).contains("unknown option '--frobnicate'").contains("Usage: gateway");
  }

  @Test
  void helpExitsWith0() throws Exception {
    Finished run = run("--help");

    assertThat(run.exitCode).isZero();
    assertThat(run.stdout).contains("--headless").contains("--data DIR").contains("--port N").contains("--bind ADDR");
  }

  @Test
  void announcesReadinessOnStdoutAndStopsOnSigtermThenRestartsOnTheSameDataDir() throws Exception {
    Path data = temp.resolve("data");
    for (int start = 1; start <= 2; start++) {
      Process gateway = new ProcessBuilder(GATEWAY.toString(), "--headless", "--data", data.toString(), "--port", "0")
          .redirectErrorStream(true)
          .start();
      try (BufferedReader out = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("gateway ready ")) {
          lines.add(line);
        }
        assertThat(line).as("output before the ready line: %s", lines).matches("gateway ready http://127\\.0\\.0\\.1:\\d+");
        gateway.destroy();
        assertThat(gateway.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
      } finally {
        gateway.destroyForcibly();
      }
      assertThat(data.resolve("plugins.lock.json")).as("the lockfile the first start wrote").exists();
    }
  }

  @Test
  void aConfigFileNoPluginCouldLoadFailsThatPluginAloneAndTheGatewayStillAnnouncesReadiness() throws Exception {
    Path data = temp.resolve("data");
    String token;
    try (Started first = Started.start(data)) {
      token = first.lines.stream().filter(l -> l.startsWith("bootstrap admin token: ")).findFirst().orElseThrow()
          .substring("bootstrap admin token: ".length());
    }
    // stored before writes were checked: the number the extender once choked on at every start
    Files.writeString(Files.createDirectories(data.resolve("config")).resolve("notes.json"),
        "{\"max_notes\":1" + "0".repeat(400) + "}");

    try (Started second = Started.start(data)) {
      assertThat(second.lines).noneMatch(l -> l.contains("ERROR") || l.contains("Exception"));
      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<String> health = http.send(HttpRequest.newBuilder(second.url.resolve("/healthz")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      JsonNode plugins = JsonMapper.shared().readTree(http.send(HttpRequest.newBuilder(second.url.resolve("/plugins"))
              .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body());
      Map<String, String> states = new HashMap<>();
      plugins.path("plugins").forEach(p -> states.put(p.path("id").asString(), p.path("state").asString() + " " + p.path("reason").asString()));
      assertThat(states).containsEntry("notes", "failed invalid_config").containsEntry("echo", "loaded ");
    }
  }

  /** A headless {@code bin/gateway} that announced readiness: what it printed until then, and its URL. */
  private record Started(Process process, List<String> lines, URI url) implements AutoCloseable {
    static Started start(Path data) throws IOException {
      Process gateway = new ProcessBuilder(GATEWAY.toString(), "--headless", "--data", data.toString(), "--port", "0")
          .redirectErrorStream(true)
          .start();
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
      return new Started(gateway, lines, URI.create(line.substring("gateway ready ".length())));
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

  private Finished run(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(GATEWAY.toString()));
    command.addAll(List.of(args));
    Path stdout = temp.resolve("stdout");
    Path stderr = temp.resolve("stderr");
    Process process = new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("bin/gateway " + String.join(" ", args) + " did not finish within 60 s");
    }
    return new Finished(process.exitValue(), Files.readString(stdout), Files.readString(stderr));
  }

  private record Finished(int exitCode, String stdout, String stderr) {
  }
}
