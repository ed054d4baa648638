package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginInstaller;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.ServiceRegistration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The registry's reports overlaid with the lockfile ({@link PluginLock} played by the test): source,
 * integrity, size and grants in {@code GET /plugins}, {@code plugin:list}, {@code plugin:info}, status
 * and the support export, and the states a held entry shows while its bundle is not loaded.
 */
class LockfileOverlayIT {

  private static final JsonMapper JSON = JsonMapper.shared();
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().plugin("echo").start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void withoutALockfileEveryBundleIsUnverifiedWithItsLocation() {
    JsonNode echo = plugin(gateway.http().get("/plugins").assertStatus(200).json(), "echo");

    assertThat(echo.path("source").path("kind").asString()).isEqualTo("unverified");
    assertThat(echo.path("source").path("location").asString()).isEqualTo(echo.path("location").asString()).isNotEmpty();
    assertThat(echo.path("granted").isEmpty()).isTrue();
    assertThat(echo.path("size").isNull()).isTrue();
  }

  @Test
  void pluginsShowTheLockfilesSourceIntegrityAndGrantsAndEntriesThatWaitWithoutABundle() {
    FakePluginLock lock = new FakePluginLock()
        .put("echo", LockEntry.State.enabled, List.of("db:plugin"))
        .put("weather", LockEntry.State.pending_approval, List.of())
        .put("radio", LockEntry.State.revoked, List.of());
    ServiceRegistration<PluginLock> registration = gateway.register(PluginLock.class, lock);
    try {
      JsonNode plugins = gateway.http().get("/plugins").assertStatus(200).json();
      JsonNode echo = plugin(plugins, "echo");
      JsonNode weather = plugin(plugins, "weather");
      JsonNode radio = plugin(plugins, "radio");

      assertThat(echo.path("state").asString()).isEqualTo("loaded");
      assertThat(echo.path("source").path("kind").asString()).isEqualTo("catalog");
      assertThat(echo.path("source").path("location").asString()).isEqualTo("file:/srv/catalog/index.xml");
      assertThat(echo.path("source").path("key_id").asString()).isEqualTo("key-1");
      assertThat(echo.path("location").asString()).isNotEmpty().isNotEqualTo("file:/srv/catalog/index.xml");
      assertThat(echo.path("integrity_sha256").asString()).isEqualTo(FakePluginLock.SHA);
      assertThat(echo.path("size").asLong()).isEqualTo(2048L);
      assertThat(echo.path("granted").get(0).asString()).isEqualTo("db:plugin");
      assertThat(weather.path("state").asString()).isEqualTo("pending_approval");
      assertThat(weather.path("bundle_id").isNull()).isTrue();
      assertThat(radio.path("state").asString()).isEqualTo("failed");
      assertThat(radio.path("reason").asString()).isEqualTo("revoked");

      JsonNode detail = gateway.http().get("/plugins/weather").assertStatus(200).json();
      assertThat(detail.path("lock").path("approved_by").get(0).path("actor").asString()).isEqualTo("token:operator");

      String list = gateway.shell().run("plugin:list").assertSucceeded().console();
      assertThat(row(list, "echo")).contains("loaded").contains("catalog");
      assertThat(row(list, "weather")).contains("pending_approval").contains("catalog");
      assertThat(row(list, "radio")).contains("failed").contains("revoked");
      JsonNode listed = JSON.readTree(gateway.shell().run("plugin:list --json").assertSucceeded().console());
      assertThat(plugin(listed, "weather").path("integrity_sha256").asString()).isEqualTo(FakePluginLock.SHA);

      String info = gateway.shell().run("plugin:info echo").assertSucceeded().console();
      assertThat(info).contains("catalog file:/srv/catalog/index.xml key key-1").contains("sha256 " + FakePluginLock.SHA + ", 2048 bytes")
          .contains("db:plugin");
    } finally {
      registration.unregister();
    }
  }

  @Test
  void aDisabledEntryShowsDisabledOnlyWhileItsBundleIsNotLoaded() throws Exception {
    ServiceRegistration<PluginLock> registration =
        gateway.register(PluginLock.class, new FakePluginLock().put("echo", LockEntry.State.disabled, List.of()));
    var echoBundle = List.of(gateway.context().getBundles()).stream()
        .filter(bundle -> "ai.tyrum.plugin.echo".equals(bundle.getSymbolicName())).findFirst().orElseThrow();
    try {
      assertThat(plugin(gateway.http().get("/plugins").json(), "echo").path("state").asString()).isEqualTo("loaded");

      echoBundle.stop();
      gateway.awaitPluginState("echo", "disabled");
      assertThat(plugin(gateway.http().get("/plugins").json(), "echo").path("state").asString()).isEqualTo("disabled");
      assertThat(row(gateway.shell().run("plugin:list").assertSucceeded().console(), "echo")).contains("disabled");
    } finally {
      registration.unregister();
      echoBundle.start();
      gateway.awaitPluginState("echo", "loaded");
    }
  }

  @Test
  void statusAndTheSupportExportCarryEachPluginsSourceIntegrityAndTheLockfile() throws Exception {
    ServiceRegistration<PluginLock> registration =
        gateway.register(PluginLock.class, new FakePluginLock().put("echo", LockEntry.State.enabled, List.of("db:plugin")));
    try {
      JsonNode status = gateway.http().get("/status").assertStatus(200).json();
      JsonNode echo = plugin(status.path("plugin_sources"), "echo");
      assertThat(echo.path("integrity_sha256").asString()).isEqualTo(FakePluginLock.SHA);
      assertThat(echo.path("source").path("kind").asString()).isEqualTo("catalog");
      assertThat(echo.path("granted").get(0).asString()).isEqualTo("db:plugin");
      assertThat(gateway.shell().run("gateway:status").assertSucceeded().console())
          .containsPattern("plugin_sources +\\{\"id\":\"echo\".*\"integrity_sha256\":\"" + FakePluginLock.SHA + "\"");

      Map<String, String> export = unzip(download("/export"));
      JsonNode lockfile = JSON.readTree(export.get("plugins.lock.json"));
      assertThat(lockfile.path("format").asString()).isEqualTo("tyrum.plugins.lock.v1");
      assertThat(lockfile.path("available").asBoolean()).isTrue();
      assertThat(lockfile.path("plugins").get(0).path("integrity_sha256").asString()).isEqualTo(FakePluginLock.SHA);
      JsonNode exported = plugin(JSON.readTree(export.get("plugins.json")), "echo");
      assertThat(exported.path("integrity_sha256").asString()).isEqualTo(FakePluginLock.SHA);
      assertThat(exported.path("source").path("key_id").asString()).isEqualTo("key-1");
    } finally {
      registration.unregister();
    }
    JsonNode unavailable = JSON.readTree(unzip(download("/export")).get("plugins.lock.json"));
    assertThat(unavailable.path("available").asBoolean()).isFalse();
    assertThat(unavailable.path("plugins").isEmpty()).isTrue();
  }

  @Test
  void infoOfAPluginThatIsNotInstalledShowsWhatTheCatalogsOfferLabelledSo() throws Exception {
    ServiceRegistration<PluginInstaller> registration = gateway.register(PluginInstaller.class, new FakePluginInstaller());
    try {
      String info = gateway.shell().run("plugin:info weather").assertSucceeded().console();
      assertThat(info).startsWith("not installed: what the catalogs offer of weather").contains("reads the forecast")
          .contains("1.1.0").contains("key-1");
      JsonNode json = JSON.readTree(gateway.shell().run("plugin:info --json weather").assertSucceeded().console());
      assertThat(json.path("installed").asBoolean()).isFalse();
      assertThat(json.path("catalog").path("sha256").asString()).isEqualTo("cd".repeat(32));
      assertThat(gateway.shell().run("plugin:info nope").assertFailed().console())
          .startsWith("error unknown_plugin: no plugin nope is installed\n  plugin:list shows the installed plugins\n  no catalog offers it");
    } finally {
      registration.unregister();
    }
  }

  private static JsonNode plugin(JsonNode list, String id) {
    JsonNode plugins = list.has("plugins") ? list.path("plugins") : list;
    for (JsonNode plugin : plugins) {
      if (plugin.path("id").asString().equals(id)) {
        return plugin;
      }
    }
    throw new AssertionError("no plugin " + id + " in " + list);
  }

  private static String row(String table, String id) {
    return table.lines().filter(line -> line.startsWith(id + " ")).findFirst().orElseThrow(() -> new AssertionError("no row " + id + " in\n" + table));
  }

  private static byte[] download(String path) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(gateway.url().resolve(path))
        .header("Authorization", "Bearer " + gateway.token()).GET().build();
    HttpResponse<byte[]> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }
}
