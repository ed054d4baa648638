package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import tools.jackson.databind.JsonNode;

/**
 * Plugin configuration through the shell and HTTP on a real gateway: live updates reach the running
 * echo plugin without a restart, invalid writes change nothing, {@code api_key} (writeOnly) never shows,
 * and an invalid config on disk keeps the plugin from loading until a write fixes it.
 */
class PluginConfigIT {

  private static final String SECRET = "sk-live-4242-secret";

  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    TestGateway.await("echo is loaded", () -> gateway.pluginState("echo").equals("loaded"));
    TestGateway.await("/echo answers", () -> echo("/echo ping").equals("ping"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static String echo(String text) {
    try {
      TestGateway.Response response = gateway.post("/commands/execute", "{\"text\":\"" + text + "\"}");
      return response.status() == 200 ? response.body().path("output").asString() : "HTTP " + response.status();
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static long echoBundleId() throws Exception {
    return gateway.get("/plugins/echo").assertStatus(200).body().path("bundle_id").asLong();
  }

  private static Path configFile() {
    return gateway.data.resolve("config/echo.json");
  }

  @Test
  void defaultsAreAppliedAndShownWhenNoConfigIsStored() throws Exception {
    JsonNode schema = gateway.get("/plugins/echo/config/schema").assertStatus(200).body();
    assertThat(schema.path("properties").path("greeting").path("default").asString()).isEqualTo("hello");
    assertThat(gateway.get("/plugins/echo/config").assertStatus(200).body().has("greeting")).isTrue();
  }

  @Test
  void shellSetReachesTheRunningPluginWithoutRestart() throws Exception {
    long bundleId = echoBundleId();

    String out = gateway.shell("plugin:config echo set /greeting bonjour");

    assertThat(out).contains("greeting");
    TestGateway.await("/echo answers the new greeting", () -> echo("/echo").equals("bonjour"));
    assertThat(echoBundleId()).isEqualTo(bundleId);
    assertThat(gateway.pluginState("echo")).isEqualTo("loaded");
    assertThat(Files.readString(configFile())).contains("\"greeting\" : \"bonjour\"");
    assertThat(gateway.shell("plugin:config echo get")).contains("bonjour");
    assertThat(gateway.auditRecords())
        .anySatisfy(r -> {
          assertThat(r.path("type").asString()).isEqualTo("plugin.config.changed");
          assertThat(r.path("payload").path("plugin").path("id").asString()).isEqualTo("echo");
          assertThat(r.path("payload").path("changed").toString()).contains("greeting");
        });
  }

  @Test
  void httpPutReachesTheRunningPluginWithoutRestart() throws Exception {
    long bundleId = echoBundleId();

    JsonNode body = gateway.put("/plugins/echo/config", "{\"greeting\":\"hallo\"}").assertStatus(200).body();

    assertThat(body.path("config").path("greeting").asString()).isEqualTo("hallo");
    TestGateway.await("/echo answers the new greeting", () -> echo("/echo").equals("hallo"));
    assertThat(echoBundleId()).isEqualTo(bundleId);
    assertThat(gateway.get("/plugins/echo/config").assertStatus(200).body().path("greeting").asString()).isEqualTo("hallo");
  }

  @Test
  void concurrentWritesAreSerialisedAndEachIsRecorded() throws Exception {
    long before = configEvents();
    int writers = 8;
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(writers);
    try {
      java.util.List<java.util.concurrent.Future<Integer>> statuses = new java.util.ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String greeting = "writer-" + i;
        statuses.add(pool.submit(() -> gateway.put("/plugins/echo/config", "{\"greeting\":\"" + greeting + "\"}").status()));
      }
      for (java.util.concurrent.Future<Integer> status : statuses) {
        assertThat(status.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdown();
    }

    assertThat(configEvents() - before).isEqualTo(writers);
    JsonNode stored = TestGateway.JSON.readTree(Files.readString(configFile()));
    assertThat(stored.path("greeting").asString()).startsWith("writer-");
    TestGateway.await("/echo answers the last write", () -> echo("/echo").equals(stored.path("greeting").asString()));
  }

  private static long configEvents() throws Exception {
    return gateway.auditRecords().stream().filter(r -> r.path("type").asString().equals("plugin.config.changed")).count();
  }

  @Test
  void anInvalidWriteIsRefusedWholeWithEveryErrorAndChangesNothing() throws Exception {
    gateway.put("/plugins/echo/config", "{\"greeting\":\"steady\"}").assertStatus(200);
    TestGateway.await("/echo answers steady", () -> echo("/echo").equals("steady"));
    byte[] before = Files.readAllBytes(configFile());

    JsonNode error =
        gateway.put("/plugins/echo/config", "{\"greeting\":42,\"api_key\":7,\"nope\":{\"deeper\":true}}")
            .assertStatus(422).body().path("error");

    assertThat(error.path("code").asString()).isEqualTo("invalid_config");
    assertThat(error.path("details").toString())
        .contains("/greeting (type)")
        .contains("/api_key (type)")
        .contains("/nope (additionalProperties)");
    assertThat(Files.readAllBytes(configFile())).isEqualTo(before);

    String refused = gateway.shellFails("plugin:config echo set /greeting 42");
    assertThat(refused).contains("invalid_config").contains("/greeting (type)");
    assertThat(gateway.shellFails("plugin:config echo set /unknown x")).contains("/unknown (additionalProperties)");
    assertThat(Files.readAllBytes(configFile())).isEqualTo(before);
    assertThat(echo("/echo")).isEqualTo("steady");
    assertThat(gateway.put("/plugins/nobody/config", "{}").status()).isEqualTo(404);
  }

  @Test
  void apiKeyIsMaskedInGetStatusEventsAndAudit() throws Exception {
    gateway.shell("plugin:config echo set /api_key " + SECRET);

    assertThat(gateway.shell("plugin:config echo get")).contains("\"api_key\" : \"********\"").doesNotContain(SECRET);
    assertThat(gateway.get("/plugins/echo/config").assertStatus(200).body().path("api_key").asString()).isEqualTo("********");
    JsonNode status = gateway.get("/status").assertStatus(200).body();
    assertThat(status.path("configs").path("echo").path("api_key").asString()).isEqualTo("********");
    assertThat(status.toString()).doesNotContain(SECRET);
    assertThat(gateway.shell("gateway:status")).doesNotContain(SECRET);
    assertThat(gateway.get("/events?after=0").assertStatus(200).body().toString()).doesNotContain(SECRET);
    assertThat(Files.readString(gateway.data.resolve("audit/audit.log"))).doesNotContain(SECRET);

    JsonNode schema = gateway.get("/plugins/echo/config/schema").assertStatus(200).body();
    assertThat(schema.path("properties").path("api_key").path("writeOnly").asBoolean()).isTrue();
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void toolOutputThatEchoesTheApiKeyIsRedacted() throws Exception {
    gateway.shell("plugin:config echo set /api_key " + SECRET);

    JsonNode exact = gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"" + SECRET + "\"}}").assertStatus(200).body();
    assertThat(exact.path("output").path("text").asString()).isEqualTo("[REDACTED]");
    JsonNode inside = gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"key=" + SECRET + ";\"}}").assertStatus(200).body();
    assertThat(inside.path("output").path("text").asString()).isEqualTo("key=[REDACTED];");
    assertThat(gateway.shell("tool:call plugin.echo.echo '{\"text\":\"" + SECRET + "\"}'")).contains("[REDACTED]").doesNotContain(SECRET);
    assertThat(echo("/echo my key is " + SECRET)).isEqualTo("my key is [REDACTED]");
  }

  @Test
  void unsetBringsBackTheSchemaDefault() throws Exception {
    gateway.shell("plugin:config echo set greeting temporary");
    TestGateway.await("/echo answers temporary", () -> echo("/echo").equals("temporary"));

    gateway.shell("plugin:config echo unset /greeting");

    TestGateway.await("/echo answers the default", () -> echo("/echo").equals("hello"));
    assertThat(Files.readString(configFile())).doesNotContain("greeting");
    assertThat(gateway.get("/plugins/echo/config").assertStatus(200).body().path("greeting").asString()).isEqualTo("hello");
  }

  @Test
  void aMaskSentBackKeepsTheStoredSecret() throws Exception {
    gateway.shell("plugin:config echo set /api_key " + SECRET);
    JsonNode read = gateway.get("/plugins/echo/config").assertStatus(200).body();

    gateway.put("/plugins/echo/config", read.toString().replace("\"greeting\":\"", "\"greeting\":\"re-")).assertStatus(200);

    assertThat(Files.readString(configFile())).contains(SECRET);
    JsonNode output = gateway.post("/tools/plugin.echo.echo/invoke", "{\"input\":{\"text\":\"" + SECRET + "\"}}").assertStatus(200).body();
    assertThat(output.path("output").path("text").asString()).isEqualTo("[REDACTED]");
  }

  @Test
  void importReplacesTheWholeConfigFromAFile() throws Exception {
    Path file = Files.createTempFile("echo-config-", ".json");
    Files.writeString(file, "{\"greeting\":\"imported\"}", StandardCharsets.UTF_8);

    assertThat(gateway.shell("plugin:config echo import " + file)).contains("greeting");

    TestGateway.await("/echo answers the imported greeting", () -> echo("/echo").equals("imported"));
    Files.writeString(file, "{\"greeting\":", StandardCharsets.UTF_8);
    assertThat(gateway.shellFails("plugin:config echo import " + file)).contains("invalid_config").contains("not JSON");
    Files.delete(file);
  }

  @Test
  void theConfigReachesThePluginThroughConfigAdminBoundToItsBundle() throws Exception {
    gateway.put("/plugins/echo/config", "{\"greeting\":\"via-cm\",\"api_key\":\"" + SECRET + "\"}").assertStatus(200);
    TestGateway.await("/echo answers via-cm", () -> echo("/echo").equals("via-cm"));

    BundleContext context = gateway.gateway.framework().getBundleContext();
    ServiceReference<?> reference = context.getServiceReference("org.osgi.service.cm.ConfigurationAdmin");
    Object admin = context.getService(reference);
    Object configuration = admin.getClass().getMethod("getConfiguration", String.class, String.class)
        .invoke(admin, "tyrum.plugin.echo", null);
    Object properties = configuration.getClass().getMethod("getProperties").invoke(configuration);
    String location = (String) configuration.getClass().getMethod("getBundleLocation").invoke(configuration);

    long bundleId = echoBundleId();
    assertThat(location).isEqualTo(context.getBundle(bundleId).getLocation());
    java.util.Dictionary<?, ?> dictionary = (java.util.Dictionary<?, ?>) properties;
    assertThat(dictionary.get("greeting")).isEqualTo("via-cm");
    // the plugin itself receives its secret; only the gateway's surfaces mask it
    assertThat((String) dictionary.get("tyrum.config.json")).contains("\"greeting\":\"via-cm\"").contains(SECRET);
    assertThat(gateway.shell("plugin:config echo get --json")).contains("via-cm").doesNotContain(SECRET);
  }

  @Test
  void theConfigFollowsThePluginWhenItIsReinstalledFromAnotherLocation() throws Exception {
    try (TestGateway other = TestGateway.start()) {
      TestGateway.await("echo is loaded", () -> other.pluginState("echo").equals("loaded"));
      other.shell("plugin:config echo set /greeting moved");
      long bundleId = other.get("/plugins/echo").assertStatus(200).body().path("bundle_id").asLong();
      Path jar;
      try (var jars = Files.list(other.home.resolve("plugins"))) {
        jar = jars.filter(p -> p.getFileName().toString().contains("echo")).findFirst().orElseThrow();
      }

      other.shell("felix:uninstall " + bundleId);
      String installed = other.shell("felix:install " + jar.toUri());
      long newId = Long.parseLong(installed.replaceAll("\\D+", " ").strip().split(" ")[0]);
      other.shell("felix:start " + newId);

      TestGateway.await("echo is loaded again", () -> other.pluginState("echo").equals("loaded"));
      TestGateway.await("/echo answers the kept greeting", () -> {
        try {
          return other.post("/commands/execute", "{\"text\":\"/echo\"}").body().path("output").asString().equals("moved");
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  @Test
  void anInvalidConfigOnDiskKeepsThePluginFromLoadingUntilAWriteFixesIt() throws Exception {
    Path data = Files.createTempDirectory("tyrum-it-", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path config = Files.createDirectory(data.resolve("config"), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Files.writeString(config.resolve("echo.json"), "{\"greeting\":42,\"colour\":\"red\"}", StandardCharsets.UTF_8);

    try (TestGateway broken = TestGateway.restart(data, "")) {
      TestGateway.await("echo is refused", () -> broken.pluginState("echo").equals("failed"));
      JsonNode plugin = broken.get("/plugins/echo").assertStatus(200).body();
      assertThat(plugin.path("reason").asString()).isEqualTo("invalid_config");
      assertThat(plugin.path("details").toString()).contains("/greeting (type)").contains("/colour (additionalProperties)");
      assertThat(broken.audited("echo", "failed")).isTrue();
      // one plugin's refusal keeps no other bundle from resolving
      TestGateway.await("notes is loaded", () -> broken.pluginState("notes").equals("loaded"));
      assertThat(broken.post("/commands/execute", "{\"text\":\"/echo hi\"}").status()).isEqualTo(404);
      // the operator sees what is stored, to fix it
      assertThat(broken.get("/plugins/echo/config").assertStatus(200).body().path("colour").asString()).isEqualTo("red");
      assertThat(broken.put("/plugins/echo/config", "{\"greeting\":\"still\",\"colour\":\"red\"}").assertStatus(422)
          .body().path("error").path("details").toString()).contains("/colour (additionalProperties)");
      assertThat(broken.pluginState("echo")).isEqualTo("failed");

      broken.put("/plugins/echo/config", "{\"greeting\":\"fixed\"}").assertStatus(200);

      TestGateway.await("echo is loaded", () -> broken.pluginState("echo").equals("loaded"));
      TestGateway.await("/echo answers the fixed greeting", () -> {
        try {
          return broken.post("/commands/execute", "{\"text\":\"/echo\"}").body().path("output").asString().equals("fixed");
        } catch (Exception e) {
          return false;
        }
      });
    }
  }
}
