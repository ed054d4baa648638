package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The support export carries every plugin and the status, and no sensitive config value. */
class SupportExportIT {

  private static final String SECRET = "sk-export-test-0123456789";
  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    TestGateway.await("echo is loaded", () -> gateway.pluginState("echo").equals("loaded"));
    gateway.shell("plugin:config echo set /api_key " + SECRET);
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Map<String, String> unzip(byte[] zip) throws IOException {
    Map<String, String> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      ZipEntry entry;
      while ((entry = in.getNextEntry()) != null) {
        entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    return entries;
  }

  @Test
  void shellExportListsPluginsAndMasksSecrets() throws Exception {
    Path file = gateway.data.resolve("export.zip");
    assertThat(gateway.shell("gateway:export " + file)).contains("support export written");
    Map<String, String> entries = unzip(Files.readAllBytes(file));
    assertThat(entries).containsKeys("export.json", "status.json", "plugins.json", "audit/verify.json", "audit/tail.jsonl");
    JsonNode plugins = TestGateway.JSON.readTree(entries.get("plugins.json")).path("plugins");
    assertThat(plugins.findValuesAsString("id")).contains("echo", "notes");
    JsonNode status = TestGateway.JSON.readTree(entries.get("status.json"));
    assertThat(status.path("configs").path("echo").path("api_key").asString()).isEqualTo("********");
    assertThat(TestGateway.JSON.readTree(entries.get("audit/verify.json")).path("ok").asBoolean()).isTrue();
    entries.values().forEach(content -> assertThat(content).doesNotContain(SECRET));
  }

  @Test
  void httpExportIsTheSameZip() throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(gateway.gateway.url().resolve("/export"))
                    .header("Authorization", "Bearer " + gateway.token)
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/zip");
    Map<String, String> entries = unzip(response.body());
    assertThat(entries).containsKey("plugins.json");
    entries.values().forEach(content -> assertThat(content).doesNotContain(SECRET));
    assertThat(gateway.getWithoutToken("/export").status()).isEqualTo(401);
  }
}
