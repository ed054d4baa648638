package ai.tyrum.gateway.itest.host;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.itest.marketplace.FakePluginLock;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The private store (issue 12): the notes plugin, granted {@code db:plugin}, keeps its notes in
 * {@code plugin-data/notes/store/}; they survive a restart and a plain uninstall (a reinstall finds them),
 * and {@code plugin:uninstall --purge} deletes them. A plugin without the grant is refused.
 */
class PrivateStoreIT {

  private static GatewayFramework.Builder marketplace() {
    return GatewayFramework.builder()
        .withBundle("gateway.policy")
        .withBundle("gateway.marketplace")
        .dataFile("policy/deployment.yml", "tools:\n  allow:\n    - plugin.notes.add_note\n    - plugin.notes.list_notes\n");
  }

  /** The first start installs the bundled catalog's plugins, notes with its grant among them. */
  private static GatewayFramework start() {
    GatewayFramework gateway = marketplace().start();
    gateway.service(PluginLock.class);
    gateway.awaitPluginState("notes", "loaded");
    return gateway;
  }

  private static void installNotes(GatewayFramework gateway) {
    gateway.shell().run("plugin:install --grant db:plugin " + gateway.examplePlugin("notes")).assertSucceeded();
    gateway.awaitPluginState("notes", "loaded");
  }

  private static String addNote(GatewayFramework gateway, String title) {
    return gateway.http().post("/tools/plugin.notes.add_note/invoke",
        "{\"agent\":\"default\",\"input\":{\"title\":\"" + title + "\",\"body\":\"b\"}}").assertStatus(200).json()
        .path("output").path("id").asString();
  }

  private static List<String> titles(GatewayFramework gateway) {
    JsonNode notes = gateway.http().post("/tools/plugin.notes.list_notes/invoke", "{\"agent\":\"default\",\"input\":{}}")
        .assertStatus(200).json().path("output").path("notes");
    List<String> titles = new ArrayList<>();
    notes.forEach(note -> titles.add(note.path("id").asString() + " " + note.path("title").asString()));
    return titles;
  }

  private static Path notesData(GatewayFramework gateway) {
    return gateway.data().resolve("plugin-data/notes");
  }

  @Test
  void notesSurviveAGatewayRestartAndIdsStayUnique() {
    GatewayFramework gateway = start();
    try {
      addNote(gateway, "one");
      addNote(gateway, "two");
      assertThat(notesData(gateway).resolve("store")).isDirectory();

      gateway = gateway.restart();
      gateway.awaitPluginState("notes", "loaded");

      assertThat(titles(gateway)).containsExactly("note-1 one", "note-2 two");
      assertThat(addNote(gateway, "three")).isEqualTo("note-3");
    } finally {
      gateway.close();
    }
  }

  @Test
  void aPlainUninstallKeepsTheStoreForAReinstallAndPurgeDeletesIt() {
    try (GatewayFramework gateway = start()) {
      addNote(gateway, "kept");

      String kept = gateway.shell().run("plugin:uninstall notes").assertSucceeded().console();

      assertThat(kept).contains("its data is kept under plugin-data/notes");
      assertThat(notesData(gateway).resolve("store")).isDirectory();
      installNotes(gateway);
      assertThat(titles(gateway)).containsExactly("note-1 kept");

      String purged = gateway.shell().run("plugin:uninstall --purge notes").assertSucceeded().console();

      assertThat(purged).contains("its stored jar and its data are deleted");
      assertThat(notesData(gateway)).doesNotExist();
      assertThat(gateway.data().resolve("plugin-data")).isDirectory();
      installNotes(gateway);
      assertThat(titles(gateway)).isEmpty();
    }
  }

  @Test
  void purgeOverHttpDeletesTheDataToo() {
    try (GatewayFramework gateway = start()) {
      addNote(gateway, "doomed");

      JsonNode outcome = gateway.http().delete("/plugins/notes?purge=true").assertStatus(200).json();

      assertThat(outcome.path("data_deleted").asBoolean()).isTrue();
      assertThat(notesData(gateway)).doesNotExist();
    }
  }

  @Test
  void aPluginWithoutTheDbGrantIsRefusedNotGrantedAndTheEventRecorded() throws Exception {
    // loaded but not granted: a lockfile entry that grants nothing, and no marketplace gate to hold it back
    try (GatewayFramework gateway = GatewayFramework.builder()
        .service(PluginLock.class, new FakePluginLock().put("notes", LockEntry.State.enabled, List.of()))
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .plugin("notes")
        .plugin("echo")
        .start()) {
      gateway.awaitPluginState("notes", "loaded");
      long seq = GatewayEvents.lastSeq(gateway);

      HttpResult refused = gateway.http().post("/tools/plugin.notes.add_note/invoke",
          "{\"agent\":\"default\",\"input\":{\"title\":\"t\",\"body\":\"b\"}}");

      assertThat(refused.status()).isEqualTo(502);
      assertThat(refused.json().path("error").path("details").toString()).contains("permission_denied");
      List<JsonNode> denied = GatewayEvents.after(gateway, seq, "plugin.permission.denied");
      assertThat(denied).singleElement().satisfies(event -> {
        JsonNode payload = event.path("payload");
        assertThat(payload.path("plugin").path("id").asString()).isEqualTo("notes");
        assertThat(payload.path("permission").asString()).isEqualTo("db");
        assertThat(payload.path("target").asString()).isEqualTo("plugin");
        assertThat(payload.path("reason").asString()).isEqualTo("not_granted");
        assertThat(payload.path("tool_call").isObject()).isTrue();
      });
      assertThat(gateway.data().resolve("plugin-data/notes/store")).doesNotExist();
      assertThat(Files.exists(gateway.data())).isTrue();
      assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"hi\"}}")
          .assertStatus(200).json().path("output").path("text").asString()).isEqualTo("hi");
    }
  }
}
