package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.launcher.Gateway;
import ai.tyrum.gateway.launcher.GatewayOptions;
import ai.tyrum.gateway.launcher.SecurityPosture;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real gateway for one test class: the distribution's own bundles in a real Felix framework, driven
 * through its Gogo shell (the CommandProcessor service) and its HTTP API with the bootstrap token the
 * gateway printed at first start.
 */
public final class TestGateway implements AutoCloseable {

  static final JsonMapper JSON = JsonMapper.shared(); // a client of its own, not the gateway's mapper
  private static final Pattern TOKEN = Pattern.compile("bootstrap admin token: (\\S+)");

  final Path home = Path.of(System.getProperty("tyrum.gateway.home", "target/gateway")).toAbsolutePath();
  public final Path fixtures = Path.of(System.getProperty("tyrum.fixtures.dir", "target/fixtures")).toAbsolutePath();
  public final Path data;
  public final Gateway gateway;
  final String token;
  /** What the gateway printed while it started, up to its ready line. */
  public final String startOutput;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Object session;
  private final Object processor;
  private final Method create;
  private final Method execute;

  private TestGateway(Path data, String knownToken) throws Exception {
    this(data, knownToken, SecurityPosture.Requested.off);
  }

  private TestGateway(Path data, String knownToken, SecurityPosture.Requested security) throws Exception {
    this.data = data;
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(new Tee(original, captured), true, StandardCharsets.UTF_8));
    try {
      gateway = Gateway.start(new GatewayOptions(home, data, 0, "127.0.0.1", true, GatewayOptions.DEFAULT_AUDIT_SYNC, security));
    } finally {
      System.setOut(original);
    }
    startOutput = captured.toString(StandardCharsets.UTF_8);
    Matcher matcher = TOKEN.matcher(startOutput);
    token = matcher.find() ? matcher.group(1) : knownToken;

    BundleContext context = gateway.framework().getBundleContext();
    ServiceReference<?> reference = context.getServiceReference("org.apache.felix.service.command.CommandProcessor");
    processor = context.getService(reference);
    create =
        processor.getClass().getMethod("createSession", java.io.InputStream.class, OutputStream.class, OutputStream.class);
    session = create.invoke(processor, new ByteArrayInputStream(new byte[0]), System.out, System.err);
    execute = session.getClass().getMethod("execute", CharSequence.class);
  }

  /** Starts a gateway on a fresh data dir. */
  static TestGateway start() throws Exception {
    Path data = Files.createTempDirectory("tyrum-it-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return new TestGateway(data, "");
  }

  /**
   * Starts a gateway on a fresh data dir with {@code --security} {@code security}. With hardened mode on, the
   * security manager is the whole JVM's: only one such gateway at a time, in a JVM of its own.
   */
  public static TestGateway start(SecurityPosture.Requested security) throws Exception {
    Path data = Files.createTempDirectory("tyrum-it-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return new TestGateway(data, "", security);
  }

  /** Starts a gateway again on the data dir of a stopped one, whose token is still valid. */
  static TestGateway restart(Path data, String token) throws Exception {
    return new TestGateway(data, token);
  }

  /** Runs a Gogo command line and returns what it printed as its value. */
  public String shell(String commandLine) throws Exception {
    try {
      return String.valueOf(execute.invoke(session, commandLine));
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** Runs a Gogo command line in a session of its own; returns what it printed and then its value, as a console shows them. */
  String shellPrinted(String commandLine) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    Object own = create.invoke(processor, new ByteArrayInputStream(new byte[0]), print, print);
    Object value;
    try {
      value = own.getClass().getMethod("execute", CharSequence.class).invoke(own, commandLine);
    } catch (java.lang.reflect.InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      own.getClass().getMethod("close").invoke(own);
    }
    return out.toString(StandardCharsets.UTF_8) + (value == null ? "" : value);
  }

  /**
   * Runs a Gogo command line in a session of its own and returns what the interactive console prints for
   * it: what the command printed and then its value, or, when it fails, the exception as
   * {@code org.apache.felix.gogo.jline.Shell.runShell} prints it ({@code e.toString()}, in red).
   */
  String consolePrints(String commandLine) throws Exception {
    try {
      return shellPrinted(commandLine);
    } catch (Exception e) {
      return e.toString();
    }
  }

  /** Runs a Gogo command line that must fail, and returns the failure's message. */
  public String shellFails(String commandLine) {
    try {
      String out = shell(commandLine);
      throw new AssertionError("expected " + commandLine + " to fail, it printed: " + out);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      return String.valueOf(e.getMessage());
    }
  }

  public Response get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET().header("Authorization", "Bearer " + token));
  }

  Response getWithoutToken(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  public Response post(String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token));
  }

  Response put(String path, String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(uri(path))
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + token));
  }

  private URI uri(String path) {
    return gateway.url().resolve(path);
  }

  private Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    return new Response(response.statusCode(), JSON.readTree(response.body().isEmpty() ? "{}" : response.body()));
  }

  /** Waits (polling, at most 20 s) until {@code condition} holds. */
  public static void await(String what, BooleanSupplier condition) throws InterruptedException {
    await(what, Duration.ofSeconds(20), condition);
  }

  /** Waits (polling) until {@code condition} holds, at most {@code within}. */
  public static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
    Instant deadline = Instant.now().plus(within);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(20);
    }
  }

  /** The state of plugin {@code id} as {@code GET /plugins} reports it, or "absent". */
  public String pluginState(String id) {
    try {
      for (JsonNode plugin : get("/plugins").body().path("plugins")) {
        if (plugin.path("id").asString().equals(id)) {
          return plugin.path("state").asString();
        }
      }
      return "absent";
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Every audit record, as the log holds them. */
  public java.util.List<JsonNode> auditRecords() throws IOException {
    java.util.List<JsonNode> records = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(data.resolve("audit/audit.log"))) {
      if (!line.isBlank()) {
        records.add(JSON.readTree(line));
      }
    }
    return records;
  }

  /** Whether the audit log holds a plugin.lifecycle record of {@code kind} for {@code pluginId}. */
  boolean audited(String pluginId, String kind) throws IOException {
    return auditRecords().stream()
        .anyMatch(
            r -> r.path("type").asString().equals("plugin.lifecycle")
                && r.path("payload").path("kind").asString().equals(kind)
                && r.path("payload").path("plugin").path("id").asString().equals(pluginId));
  }

  @Override
  public void close() {
    gateway.stop();
  }

  public record Response(int status, JsonNode body) {
    public Response assertStatus(int expected) {
      assertThat(status).as("HTTP status of %s", body).isEqualTo(expected);
      return this;
    }
  }

  /** Copies what the gateway prints to the real stdout while capturing it. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int c) throws IOException {
      a.write(c);
      b.write(c);
    }

    @Override
    public void write(byte[] bytes, int off, int len) throws IOException {
      a.write(bytes, off, len);
      b.write(bytes, off, len);
    }
  }
}
