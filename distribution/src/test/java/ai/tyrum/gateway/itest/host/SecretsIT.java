package ai.tyrum.gateway.itest.host;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The operator's secrets and the {@code Secrets} host service, with the fixture reads-other-secret
 * (granted {@code secrets.read} on scope {@code own}): secrets set over HTTP and at the shell are listed
 * without values; the plugin reads its own scope inside a call and the value is redacted from its output
 * and error; another scope, a read from the plugin's own thread and a read after {@code plugin:revoke} are
 * refused and recorded; and no value is in the audit log, the support export, the listings or the log.
 * The last test runs last, to look for the values everywhere the others may have left them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecretsIT {

  private static final String PLUGIN = "reads-other-secret";
  private static final String TOOLS = "plugin." + PLUGIN + ".";
  private static final String OWN = "own-v4lue-set-over-http";
  private static final String OTHER = "other-v4lue-typed-at-the-shell";
  private static final String REDACTED = "[REDACTED]";

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .withBundle("gateway.marketplace")
        // a plugin holding secrets.read has opt-in tools only (DESIGN section 4)
        .dataFile("policy/deployment.yml", "tools:\n  allow:\n"
            + List.of("read", "leak_in_error", "read_from_thread", "read_twice").stream()
                .map(tool -> "    - " + TOOLS + tool + "\n").reduce("", String::concat))
        .start();
    gateway.service(PluginLock.class);
    gateway.shell().run("plugin:install --grant secrets.read:own " + gateway.fixture(PLUGIN)).assertSucceeded();
    gateway.awaitPluginState(PLUGIN, "loaded");
    gateway.http().put("/secrets/own/api_key", "{\"value\":\"" + OWN + "\"}").assertStatus(200);
    gateway.shell().run("secret:set other api_key", OTHER + "\n").assertSucceeded();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static HttpResult call(String tool, String input) {
    return gateway.http().post("/tools/" + TOOLS + tool + "/invoke", "{\"agent\":\"default\",\"input\":" + input + "}");
  }

  @Test
  @Order(1)
  void secretsSetOverHttpAndAtTheShellAreListedWithoutTheirValues() {
    JsonNode listed = gateway.http().get("/secrets").assertStatus(200).json().path("secrets");

    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).path("scope").asString()).isEqualTo("other");
    assertThat(listed.get(0).path("set_by").asString()).isEqualTo("console");
    assertThat(listed.get(1).path("scope").asString()).isEqualTo("own");
    assertThat(listed.get(1).path("name").asString()).isEqualTo("api_key");
    assertThat(listed.get(1).path("set_by").asString()).startsWith("token:");
    String shell = gateway.shell().run("secret:list").assertSucceeded().console();
    assertThat(shell).contains("SCOPE", "SET BY", "other", "own", "api_key");
    String json = gateway.shell().run("secret:list --json").assertSucceeded().console();
    assertThat(json).contains("\"set_at\"");
    assertThat(listed + shell + json).doesNotContain(OWN).doesNotContain(OTHER);
    assertThat(GatewayEvents.after(gateway, 0, "secret.changed")).extracting(e -> e.path("payload").toString())
        .anySatisfy(p -> assertThat(p).contains("\"kind\":\"set\"", "\"scope\":\"own\"", "\"actor\":\"token:"))
        .anySatisfy(p -> assertThat(p).contains("\"kind\":\"set\"", "\"scope\":\"other\"", "\"actor\":\"console\""));
  }

  @Test
  @Order(2)
  void badSecretRequestsAreRefusedNamingTheFieldAndChangeNothing() {
    String before = gateway.http().get("/secrets").assertStatus(200).body();
    long seq = GatewayEvents.lastSeq(gateway);

    HttpResult badScope = gateway.http().put("/secrets/Own/api_key", "{\"value\":\"x\"}").assertStatus(400);
    assertThat(badScope.errorCode()).isEqualTo("invalid_secret_name");
    assertThat(badScope.json().path("error").path("details").toString()).isEqualTo("[\"scope\"]");
    HttpResult badName = gateway.http().put("/secrets/own/api-key", "{\"value\":\"x\"}").assertStatus(400);
    assertThat(badName.json().path("error").path("details").toString()).isEqualTo("[\"name\"]");
    HttpResult large = gateway.http().put("/secrets/own/big", "{\"value\":\"" + "x".repeat(8193) + "\"}").assertStatus(413);
    assertThat(large.errorCode()).isEqualTo("value_too_large");
    assertThat(large.json().path("error").path("details").toString()).isEqualTo("[\"/value\"]");
    assertThat(gateway.http().delete("/secrets/own/nope").assertStatus(404).errorCode()).isEqualTo("secret_not_found");
    assertThat(gateway.http().put("/secrets/own/api_key", "{\"value\":\"x\",\"extra\":1}").assertStatus(400).errorCode())
        .isEqualTo("invalid_request");
    assertThat(gateway.shell().run("secret:delete own nope").assertFailed().console()).startsWith("error secret_not_found:");
    assertThat(gateway.shell().run("secret:set own").assertFailed().console()).startsWith("error invalid_arguments: missing NAME");
    assertThat(gateway.shell().run("secret:set own piped").assertFailed().console()).startsWith("error missing_value:");
    assertThat(gateway.shell().run("secret:set --help").assertSucceeded().console()).contains("SCOPE", "NAME", "without echo");

    assertThat(gateway.http().get("/secrets").assertStatus(200).body()).isEqualTo(before);
    assertThat(GatewayEvents.after(gateway, seq, "secret.changed")).isEmpty();
  }

  @Test
  @Order(3)
  void theGrantedPluginReadsItsScopeInsideACallAndTheValueIsRedactedFromItsOutput() {
    HttpResult read = call("read", "{\"scope\":\"own\",\"name\":\"api_key\"}").assertStatus(200);

    assertThat(read.json().path("output").path("value").asString()).isEqualTo(REDACTED);
    assertThat(read.body()).doesNotContain(OWN);
  }

  @Test
  @Order(4)
  void aSecretInThePluginsErrorMessageIsRedacted() {
    HttpResult leaked = call("leak_in_error", "{\"scope\":\"own\",\"name\":\"api_key\"}").assertStatus(502);

    assertThat(leaked.errorCode()).isEqualTo("plugin_error");
    assertThat(leaked.json().path("error").path("message").asString()).contains("the secret is " + REDACTED);
    assertThat(leaked.body()).doesNotContain(OWN);
  }

  @Test
  @Order(5)
  void anotherScopeIsRefusedAsPermissionDeniedAndRecorded() {
    long seq = GatewayEvents.lastSeq(gateway);

    JsonNode output = call("read", "{\"scope\":\"other\",\"name\":\"api_key\"}").assertStatus(200).json().path("output");

    assertThat(output.path("code").asString()).isEqualTo("permission_denied");
    assertThat(output.path("message").asString()).contains("secrets.read on other");
    assertThat(output.toString()).doesNotContain(OTHER);
    JsonNode denied = GatewayEvents.after(gateway, seq, "plugin.permission.denied").get(0).path("payload");
    assertThat(denied.path("plugin").path("id").asString()).isEqualTo(PLUGIN);
    assertThat(denied.path("permission").asString()).isEqualTo("secrets.read");
    assertThat(denied.path("target").asString()).isEqualTo("other");
    assertThat(denied.path("reason").asString()).isEqualTo("not_declared");
    assertThat(denied.path("tool_call").path("tool").asString()).isEqualTo(TOOLS + "read");
  }

  @Test
  @Order(6)
  void aReadFromThePluginsOwnThreadIsRefusedAsOutsideTheCall() {
    long seq = GatewayEvents.lastSeq(gateway);

    JsonNode output = call("read_from_thread", "{\"scope\":\"own\",\"name\":\"api_key\"}").assertStatus(200).json().path("output");

    assertThat(output.path("code").asString()).isEqualTo("outside_call");
    JsonNode denied = GatewayEvents.after(gateway, seq, "plugin.permission.denied").get(0).path("payload");
    assertThat(denied.path("target").asString()).isEqualTo("own");
    assertThat(denied.path("reason").asString()).isEqualTo("outside_call");
    assertThat(denied.has("tool_call")).isFalse();
  }

  @Test
  @Order(7)
  void revokingTheGrantRefusesTheNextRead(@TempDir Path temp) throws Exception {
    Path gate = temp.resolve("gate");
    CompletableFuture<HttpResult> twice = CompletableFuture.supplyAsync(() -> call("read_twice",
        "{\"scope\":\"own\",\"name\":\"api_key\",\"gate\":\"" + gate.toString().replace("\\", "\\\\") + "\"}"));
    Await.until("the plugin read once", () -> Files.exists(Path.of(gate + ".first")));

    gateway.shell().run("plugin:revoke " + PLUGIN + " secrets.read:own").assertSucceeded();
    Files.createFile(gate);

    JsonNode output = twice.get(60, TimeUnit.SECONDS).assertStatus(200).json().path("output");
    assertThat(output.path("first").path("value").asString()).isEqualTo(REDACTED);
    assertThat(output.path("second").path("code").asString()).isEqualTo("permission_denied");
    assertThat(output.toString()).doesNotContain(OWN);

    gateway.shell().run("plugin:grant " + PLUGIN + " secrets.read:own").assertSucceeded();
    gateway.awaitPluginState(PLUGIN, "loaded");
  }

  @Test
  @Order(8)
  void aDeletedSecretIsNotFoundByTheNextRead() {
    gateway.http().put("/secrets/own/short_lived", "{\"value\":\"gone-soon-v4lue\"}").assertStatus(200);
    gateway.http().delete("/secrets/own/short_lived").assertStatus(200);

    JsonNode output = call("read", "{\"scope\":\"own\",\"name\":\"short_lived\"}").assertStatus(200).json().path("output");

    assertThat(output.path("code").asString()).isEqualTo("secret_not_found");
    assertThat(GatewayEvents.after(gateway, 0, "secret.changed")).extracting(e -> e.path("payload").toString())
        .anySatisfy(p -> assertThat(p).contains("\"kind\":\"deleted\"", "\"name\":\"short_lived\""));
  }

  @Test
  @Order(100)
  void noValueIsAnywhereButTheSecretsFile(@TempDir Path temp) throws Exception {
    Path file = gateway.data().resolve("secrets/secrets.json");
    assertThat(Files.readString(file)).contains(OWN, OTHER);
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    Path export = temp.resolve("export.zip");
    gateway.shell().run("gateway:export " + export).assertSucceeded();
    String exported = unzipped(export);
    assertThat(exported).contains("\"api_key\"");

    String everywhere = Files.readString(gateway.data().resolve("audit/audit.log"))
        + exported
        + gateway.http().get("/secrets").assertStatus(200).body()
        + gateway.http().get("/status").assertStatus(200).body()
        + gateway.http().get("/events?after=0").assertStatus(200).body()
        + gateway.printed();
    assertThat(everywhere).doesNotContain(OWN).doesNotContain(OTHER).doesNotContain("gone-soon-v4lue");
  }

  private static String unzipped(Path zip) throws Exception {
    StringBuilder all = new StringBuilder();
    try (InputStream in = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(in)) {
      for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        entries.transferTo(content);
        all.append(entry.getName()).append('\n').append(content.toString(StandardCharsets.UTF_8)).append('\n');
      }
    }
    return all.toString();
  }
}
