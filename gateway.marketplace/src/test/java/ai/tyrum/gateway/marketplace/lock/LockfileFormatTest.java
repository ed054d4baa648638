package ai.tyrum.gateway.marketplace.lock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.marketplace.lock.Locked.Held;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.LockEntry.Approver;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LockfileFormatTest {

  private static final String SHA = "a".repeat(64);
  private static final String OTHER = "b".repeat(64);

  static LockEntry entry(String id, String version, String sha) {
    return new LockEntry(id, version, "ai.tyrum.plugin." + id, LockEntry.State.enabled,
        new PluginOrigin(PluginOrigin.CATALOG, "file:/catalog/index.xml", "0123456789abcdef"), sha, 1234,
        List.of("db:plugin"), Map.of("add_note", OTHER), List.of(new Approver("console", Instant.parse("2026-12-06T10:00:00Z"), "install")),
        Instant.parse("2026-12-06T10:00:00Z"));
  }

  @Test
  void writesAndReadsBackEveryField() {
    Locked notes = new Locked(entry("notes", "1.1.0", SHA), "tyrum:plugin:notes", Map.of("db:plugin", "keeps the notes"),
        Optional.of(entry("notes", "1.0.0", OTHER)),
        Optional.of(new Held(entry("notes", "2.0.0", OTHER), Map.of("db:plugin", "keeps the notes"), "apr_1",
            Map.of("added_permissions", List.of()))));
    Map<String, Locked> read = LockfileFormat.read(LockfileFormat.write(Map.of("notes", notes)));
    assertThat(read).containsOnlyKeys("notes");
    assertThat(read.get("notes")).isEqualTo(notes);
  }

  @Test
  void mcpToolPinsAreWrittenAndReadBack() {
    LockEntry pinned = McpPins.pinned(entry("everything", "1.0.0", SHA), "everything", Map.of("echo", OTHER, "get-sum", SHA), "console");
    Map<String, Locked> read = LockfileFormat.read(LockfileFormat.write(Map.of("everything", new Locked(pinned, "loc", Map.of()))));
    assertThat(read.get("everything").entry().mcpTools()).containsExactlyInAnyOrderEntriesOf(
        Map.of("everything/echo", OTHER, "everything/get-sum", SHA));
    assertThat(read.get("everything").entry().approvedBy()).last().extracting(Approver::what).isEqualTo("mcp_tools everything");
  }

  @Test
  void anEntryWrittenBeforeMcpToolsWerePinnedReadsWithNone() {
    String text = new String(LockfileFormat.write(Map.of("echo", new Locked(entry("echo", "1.0.0", SHA), "tyrum:plugin:echo", Map.of()))),
        StandardCharsets.UTF_8).replaceAll(",\\s*\"mcp_tools\" : \\{ \\}", "");
    assertThat(text).doesNotContain("mcp_tools");
    assertThat(LockfileFormat.read(text.getBytes(StandardCharsets.UTF_8)).get("echo").entry().mcpTools()).isEmpty();
  }

  @Test
  void refusesAMalformedMcpToolPinNamingItsPointer() {
    LockEntry pinned = McpPins.pinned(entry("everything", "1.0.0", SHA), "everything", Map.of("echo", OTHER), "console");
    String text = new String(LockfileFormat.write(Map.of("everything", new Locked(pinned, "loc", Map.of()))), StandardCharsets.UTF_8)
        .replace("\"everything/echo\" : \"" + OTHER, "\"everything/echo\" : \"not-hex");
    assertThatThrownBy(() -> LockfileFormat.read(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LockfileException.class)
        .hasMessageContaining("/plugins/everything/mcp_tools/everything~1echo");
  }

  @Test
  void pinsOfTheWrongFormAreRefusedBeforeAnythingIsWritten() {
    assertThatThrownBy(() -> McpPins.check("everything", Map.of("bad name", SHA)))
        .hasFieldOrPropertyWithValue("code", "invalid_pin").hasMessageContaining("bad name");
    assertThatThrownBy(() -> McpPins.check("Everything", Map.of("echo", SHA))).hasFieldOrPropertyWithValue("code", "invalid_pin");
    assertThatThrownBy(() -> McpPins.check("everything", Map.of("echo", "short"))).hasFieldOrPropertyWithValue("code", "invalid_pin");
  }

  @Test
  void theFileNamesItsFormatAndKeepsPluginsInIdOrder() {
    String text = new String(LockfileFormat.write(Map.of(
        "notes", new Locked(entry("notes", "1.0.0", SHA), "tyrum:plugin:notes", Map.of()),
        "echo", new Locked(entry("echo", "1.0.0", OTHER), "tyrum:plugin:echo", Map.of()))), StandardCharsets.UTF_8);
    assertThat(text).contains("\"format\" : \"tyrum.plugins.lock.v1\"");
    assertThat(text.indexOf("\"echo\"")).isLessThan(text.indexOf("\"notes\""));
    assertThat(text).contains("\"integrity_sha256\" : \"" + OTHER + "\"");
  }

  @Test
  void theFileIsWhatJacksonsPrettyPrinterMakesOfItWithEveryEntryKeptOrNot() {
    Locked notes = new Locked(entry("notes", "1.1.0", SHA), "tyrum:plugin:notes", Map.of("db:plugin", "keeps the notes"),
        Optional.of(entry("notes", "1.0.0", OTHER)),
        Optional.of(new Held(entry("notes", "2.0.0", OTHER), Map.of("db:plugin", "keeps the notes"), "apr_1",
            Map.of("added_permissions", List.of()))));
    Locked echo = new Locked(entry("echo", "1.0.0", OTHER), "tyrum:plugin:echo", Map.of());
    for (Map<String, Locked> plugins : List.of(Map.<String, Locked>of(), Map.of("echo", echo), Map.of("notes", notes, "echo", echo))) {
      byte[] written = LockfileFormat.write(plugins);
      String pretty = Json.PRETTY.writeValueAsString(Json.MAPPER.readTree(written)) + "\n";
      assertThat(new String(written, StandardCharsets.UTF_8)).isEqualTo(pretty);
      // a kept entry text gives the same bytes
      Map<Locked, String> kept = new java.util.HashMap<>();
      assertThat(LockfileFormat.write(plugins, locked -> kept.computeIfAbsent(locked, LockfileFormat::entryText)))
          .isEqualTo(written);
    }
  }

  @Test
  void refusesAnotherFormat() {
    assertThatThrownBy(() -> LockfileFormat.read("{\"format\":\"v0\",\"plugins\":{}}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LockfileException.class)
        .hasMessageContaining("at /format");
  }

  @Test
  void refusesAMalformedDigestNamingItsPointer() {
    String text = new String(LockfileFormat.write(Map.of("echo", new Locked(entry("echo", "1.0.0", SHA), "tyrum:plugin:echo", Map.of()))),
        StandardCharsets.UTF_8).replace(SHA, "not-hex");
    assertThatThrownBy(() -> LockfileFormat.read(text.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(LockfileException.class)
        .hasMessageContaining("/plugins/echo/integrity_sha256")
        .satisfies(e -> assertThat(((LockfileException) e).code()).isEqualTo("lockfile_invalid"));
  }

  @Test
  void refusesAnUnknownStateAndTextThatIsNotJson() {
    String text = new String(LockfileFormat.write(Map.of("echo", new Locked(entry("echo", "1.0.0", SHA), "tyrum:plugin:echo", Map.of()))),
        StandardCharsets.UTF_8).replace("\"enabled\"", "\"running\"");
    assertThatThrownBy(() -> LockfileFormat.read(text.getBytes(StandardCharsets.UTF_8))).hasMessageContaining("/plugins/echo/state");
    assertThatThrownBy(() -> LockfileFormat.read("{\"format\":".getBytes(StandardCharsets.UTF_8))).hasMessageContaining("not a JSON object");
  }
}
