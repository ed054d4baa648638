package ai.tyrum.gateway.itest.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Config writes of values that cannot be stored as sent, through HTTP and the shell: each is refused as
 * a 4xx naming the JSON pointer, before anything is stored or audited, and the gateway serves on. The
 * same text sent to a tool or a command is refused as a 400 too.
 */
class HostileConfigWritesIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .plugin("echo")
        .plugin("notes")
        .start();
    gateway.awaitPluginState("notes", "loaded");
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static Path config(String id) {
    return gateway.data().resolve("config/" + id + ".json");
  }

  private static long configEvents() {
    long count = 0;
    for (JsonNode event : gateway.http().get("/events?after=0").assertStatus(200).json().path("events")) {
      if (event.path("type").asString().equals("plugin.config.changed")) {
        count++;
      }
    }
    return count;
  }

  @ParameterizedTest
  @ValueSource(strings = {"1" + "0000000000" + "0000000000" + "0000000000" + "0000000000", "1e19", "1e308", "1e400", "60.0", "-1e19"})
  void aNumberThatCannotBeStoredAsAnIntegerIsRefusedWithItsPointerAndNothingChanges(String number) throws Exception {
    byte[] before = Files.exists(config("notes")) ? Files.readAllBytes(config("notes")) : null;
    long events = configEvents();

    HttpResult refused = gateway.http().put("/plugins/notes/config", "{\"max_notes\":" + number + "}");

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.errorCode()).isEqualTo("invalid_config");
    assertThat(refused.json().path("error").path("details").get(0).asString()).startsWith("/max_notes (");
    assertThat(Files.exists(config("notes")) ? Files.readAllBytes(config("notes")) : null).isEqualTo(before);
    assertThat(configEvents()).isEqualTo(events);
    assertThat(gateway.pluginState("notes")).isEqualTo("loaded");
    assertThat(gateway.http().get("/plugins/notes/config").assertStatus(200).json().path("max_notes").asInt()).isEqualTo(100);
  }

  @Test
  void anIntegerBeyondSixtyFourBitsIsRefusedThroughTheShellToo() throws Exception {
    String huge = "1" + "0".repeat(400);

    String console = gateway.shell().run("plugin:config notes set max_notes " + huge).assertFailed().console();

    assertThat(console).contains("invalid_config").contains("/max_notes (range)");
    assertThat(gateway.shell().run("plugin:config notes set max_notes 6e1").assertFailed().console())
        .contains("/max_notes (type)").contains("plain digits");
    assertThat(config("notes")).doesNotExist();
  }

  @Test
  void aLoneSurrogateIsRefusedByHttpAndByAnImportedFileWithItsPointer() throws Exception {
    gateway.http().put("/plugins/echo/config", "{\"greeting\":\"steady\"}").assertStatus(200);
    byte[] before = Files.readAllBytes(config("echo"));
    long events = configEvents();

    HttpResult refused = gateway.http().put("/plugins/echo/config", "{\"greeting\":\"steady\",\"api_key\":\"k\\ud800\"}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.json().path("error").path("details").get(0).asString()).startsWith("/api_key (unicode): ");
    Path file = Files.writeString(gateway.data().resolve("import.json"), "{\"greeting\":\"a\\udc00\"}", StandardCharsets.UTF_8);
    assertThat(gateway.shell().run("plugin:config echo import " + file).assertFailed().console())
        .contains("invalid_config").contains("/greeting (unicode)");
    assertThat(Files.readAllBytes(config("echo"))).isEqualTo(before);
    assertThat(configEvents()).isEqualTo(events);
    // nothing made every "?" in outputs a secret
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"why?\"}}")
            .assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("why?");
  }

  @Test
  void aLoneSurrogateSentToAToolOrACommandIsA400NamingWhere() {
    HttpResult tool = gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"a\\ud800\"}}");
    HttpResult command = gateway.http().post("/commands/execute", "{\"agent\":\"default\",\"text\":\"/echo \\udfff\"}");

    assertThat(tool.status()).isEqualTo(400);
    assertThat(tool.json().path("error").path("details").get(0).asString()).startsWith("/input/text (unicode)");
    assertThat(command.status()).isEqualTo(400);
    assertThat(command.json().path("error").path("details").get(0).asString()).startsWith("/text (unicode)");
  }
}
