package ai.tyrum.gateway.itest.extender;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

/**
 * Whatever sits at {@code config/notes.json} when the gateway starts, notes alone is {@code failed} with
 * reason {@code invalid_config} and the details, the refusal is recorded, and the extender reads every
 * other plugin: echo loads and serves, {@code /healthz} answers.
 */
class BadConfigFileAtStartIT {

  /**
   * Each kind of bad file, named after what is wrong with it. Files the schema merely refuses, or that do
   * not parse, are refused at install by the same check ({@link PluginRefusedForItsConfigIT}); here are
   * those that once stopped the extender, or could block or mislead its reader.
   */
  enum BadFile {
    INTEGER_BEYOND_64_BITS("{\"max_notes\":1" + "0".repeat(400) + "}"),
    FLOAT_BEYOND_LONG_AGAINST_AN_INTEGER_MINIMUM("{\"max_notes\":1e19}"),
    LONE_SURROGATE_ESCAPE("{\"\\ud800\":1}"),
    INVALID_UTF8(null),
    LARGER_THAN_ONE_MEBIBYTE(null),
    A_DIRECTORY(null),
    A_NAMED_PIPE(null);

    final String content;

    BadFile(String content) {
      this.content = content;
    }

    void writeTo(Path file) throws IOException, InterruptedException {
      switch (this) {
        case INVALID_UTF8 -> Files.write(file, new byte[] {'{', '"', (byte) 0xed, (byte) 0xa0, (byte) 0x80, '"', ':', '1', '}'});
        case LARGER_THAN_ONE_MEBIBYTE -> Files.writeString(file, "{\"max_notes\":1" + " ".repeat(1024 * 1024) + "}");
        case A_DIRECTORY -> Files.createDirectory(file);
        case A_NAMED_PIPE -> assertThat(new ProcessBuilder("mkfifo", file.toString()).start().waitFor()).isZero();
        default -> Files.writeString(file, content, StandardCharsets.UTF_8);
      }
    }
  }

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .plugin("echo")
        .plugin("notes")
        .start();
    gateway.awaitPluginState("notes", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @AfterEach
  void removeTheBadFile() throws IOException {
    Path file = notesConfig();
    if (Files.exists(file)) {
      try (Stream<Path> paths = Files.walk(file)) {
        for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
  }

  private static Path notesConfig() throws IOException {
    return Files.createDirectories(gateway.data().resolve("config")).resolve("notes.json");
  }

  @ParameterizedTest
  @EnumSource(BadFile.class)
  void theGatewayStartsWithThatPluginAloneFailedForItsConfig(BadFile bad) throws Exception {
    bad.writeTo(notesConfig());
    long refusalsBefore = refusals();

    gateway = gateway.restart();

    gateway.http().withoutToken().get("/healthz").assertStatus(200);
    gateway.awaitPluginState("notes", "failed");
    JsonNode notes = gateway.http().get("/plugins/notes").assertStatus(200).json();
    assertThat(notes.path("reason").asString()).isEqualTo("invalid_config");
    assertThat(notes.path("details").toString()).startsWith("[\"/");
    gateway.awaitPluginState("echo", "loaded");
    gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"still here\"}}")
        .assertStatus(200);
    Await.until("the refusal is recorded", () -> refusals() > refusalsBefore);
    assertThat(gateway.printed()).doesNotContain("ERROR").doesNotContain("Exception");
  }

  /** The audit records of notes refused for its config. */
  private static long refusals() throws IOException {
    Path log = gateway.data().resolve("audit/audit.log");
    if (!Files.exists(log)) {
      return 0;
    }
    try (Stream<String> lines = Files.lines(log)) {
      return lines.filter(l -> l.contains("\"plugin.lifecycle\"") && l.contains("\"invalid_config\"")
          && l.contains("\"id\":\"notes\"")).count();
    }
  }
}
