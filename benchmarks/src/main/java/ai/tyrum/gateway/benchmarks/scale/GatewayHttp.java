package ai.tyrum.gateway.benchmarks.scale;

import ai.tyrum.gateway.benchmarks.Stats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A running gateway's HTTP API, as a client reaches it: one connection, one request after another. */
final class GatewayHttp {
  /** A plugin of {@code GET /plugins}: its id comes first and its state before any nested object. */
  private static final Pattern PLUGIN = Pattern.compile("\\{\"id\":\"([^\"]+)\"[^{]*?\"state\":\"([^\"]+)\"");
  /** Each tool of {@code GET /tools} says the state of its plugin once. */
  private static final String TOOL_MARK = "\"plugin_state\":";
  private static final String CALL_BODY = "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}";

  private final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();
  private final URI base;
  private final String token;

  GatewayHttp(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** {@code GET /tools?agent=default}: median of the timed calls, and the size of the answer. */
  record ToolList(double medianMillis, int tools, long bytes) {}

  /** The echo tool's call over HTTP, in microseconds. */
  record CallPath(double medianMicros, long p90Micros, int calls) {}

  /** Fails unless {@code GET /plugins} lists exactly {@code expected} plugins, every one {@code loaded}. */
  void requireLoaded(int expected) throws IOException, InterruptedException {
    String body = send(get("/plugins"));
    Map<String, String> states = new TreeMap<>();
    Matcher matcher = PLUGIN.matcher(body);
    while (matcher.find()) {
      states.put(matcher.group(1), matcher.group(2));
    }
    List<String> notLoaded = new ArrayList<>();
    states.forEach((id, state) -> {
      if (!state.equals("loaded")) {
        notLoaded.add(id + " " + state);
      }
    });
    if (states.size() != expected || !notLoaded.isEmpty()) {
      throw new IllegalStateException("GET /plugins lists " + states.size() + " plugins, not " + expected + " all loaded;"
          + " not loaded: " + notLoaded + "; the answer begins: " + body.substring(0, Math.min(800, body.length())));
    }
  }

  ToolList tools(int warmups, int calls) throws IOException, InterruptedException {
    HttpRequest request = get("/tools?agent=default");
    String body = "";
    for (int i = 0; i < warmups; i++) {
      body = send(request);
    }
    List<Long> nanos = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      body = send(request);
      nanos.add(System.nanoTime() - start);
    }
    return new ToolList(Stats.median(nanos) / 1e6, count(body, TOOL_MARK), body.getBytes(StandardCharsets.UTF_8).length);
  }

  /** {@code POST /tools/plugin.echo.echo/invoke}, sequential: the whole call path of one tool call. */
  CallPath callPath(int warmups, int calls) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(base.resolve("/tools/plugin.echo.echo/invoke"))
        .timeout(Duration.ofSeconds(30))
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(CALL_BODY))
        .build();
    for (int i = 0; i < warmups; i++) {
      send(request);
    }
    List<Long> micros = new ArrayList<>();
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      send(request);
      micros.add((System.nanoTime() - start) / 1000);
    }
    return new CallPath(Stats.median(micros), Stats.p90(micros), calls);
  }

  private HttpRequest get(String path) {
    return HttpRequest.newBuilder(base.resolve(path))
        .timeout(Duration.ofSeconds(60))
        .header("Authorization", "Bearer " + token)
        .GET()
        .build();
  }

  private String send(HttpRequest request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
          + ": " + response.body());
    }
    return response.body();
  }

  private static int count(String text, String mark) {
    int count = 0;
    for (int at = text.indexOf(mark); at >= 0; at = text.indexOf(mark, at + mark.length())) {
      count++;
    }
    return count;
  }
}
