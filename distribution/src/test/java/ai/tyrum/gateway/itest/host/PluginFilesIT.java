package ai.tyrum.gateway.itest.host;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plugin data dir through {@code PluginFiles} (issue 12), with the hostile fixtures
 * {@code writes-outside-dir} (granted {@code fs.write} on {@code out}) and {@code reads-other-store}
 * (granted {@code fs.read} on {@code in}): a path that climbs out, is absolute, or runs through a symbolic
 * link the plugin planted is refused with {@code permission_denied} (reason {@code outside_grant}) or
 * {@code invalid_path}, the refusal is recorded, nothing outside is touched, and the gateway serves on.
 */
class PluginFilesIT {

  private static final JsonMapper JSON = JsonMapper.shared();
  private static final String WRITER = "writes-outside-dir";
  private static GatewayFramework gateway;

  @TempDir static Path outside;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .withBundle("gateway.policy")
        .withBundle("gateway.marketplace")
        .dataFile("policy/deployment.yml", "tools:\n  allow:\n"
            + "    - plugin.writes-outside-dir.write\n    - plugin.writes-outside-dir.read\n    - plugin.writes-outside-dir.plant\n"
            + "    - plugin.reads-other-store.read\n    - plugin.notes.add_note\n")
        .start();
    gateway.service(PluginLock.class); // the first start has installed the bundled catalog: echo, notes granted db:plugin
    install(gateway.fixture(WRITER), "--grant fs.write:out ");
    install(gateway.fixture("reads-other-store"), "--grant fs.read:in ");
    gateway.awaitPluginState("echo", "loaded");
    gateway.awaitPluginState("notes", "loaded");
    gateway.awaitPluginState(WRITER, "loaded");
    gateway.awaitPluginState("reads-other-store", "loaded");
  }

  private static void install(Path jar, String grants) {
    gateway.shell().run("plugin:install " + grants + jar).assertSucceeded();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static HttpResult call(String tool, Map<String, Object> input) {
    return gateway.http().post("/tools/" + tool + "/invoke",
        JSON.writeValueAsString(Map.of("agent", "default", "input", input)));
  }

  private static HttpResult write(String path, String text) {
    return call("plugin." + WRITER + ".write", Map.of("path", path, "text", text));
  }

  private static Path files(String plugin) {
    return gateway.data().resolve("plugin-data").resolve(plugin).resolve("files");
  }

  /** The call failed with the plugin's {@code code}, and, unless empty, one denial with {@code reason} on {@code path}. */
  private static void assertRefused(HttpResult result, long seq, String code, String reason, String path) {
    assertThat(result.status()).as(result.body()).isEqualTo(502);
    assertThat(result.json().path("error").path("details").toString()).contains(code);
    List<JsonNode> denied = GatewayEvents.after(gateway, seq, "plugin.permission.denied");
    if (reason.isEmpty()) {
      assertThat(denied).isEmpty();
      return;
    }
    assertThat(denied).singleElement().satisfies(event -> {
      JsonNode payload = event.path("payload");
      assertThat(payload.path("reason").asString()).isEqualTo(reason);
      assertThat(payload.path("target").asString()).isEqualTo(path);
      assertThat(payload.path("tool_call").isObject()).isTrue();
    });
  }

  private static void assertServing() {
    assertThat(call("plugin.echo.echo", Map.of("text", "still here")).assertStatus(200).json().path("output").path("text").asString())
        .isEqualTo("still here");
    assertThat(gateway.pluginState(WRITER)).isEqualTo("loaded");
  }

  @Test
  void aWriteInsideTheGrantedFolderLandsThereAtomicallyAndReadsBack() throws IOException {
    write("out/report/a.txt", "hello").assertStatus(200);

    assertThat(files(WRITER).resolve("out/report/a.txt")).hasContent("hello");
    try (var names = Files.list(files(WRITER).resolve("out/report"))) {
      assertThat(names.map(p -> p.getFileName().toString())).containsExactly("a.txt"); // no temp file left
    }
    assertThat(call("plugin." + WRITER + ".read", Map.of("path", "out/report/a.txt")).assertStatus(200)
        .json().path("output").path("text").asString()).isEqualTo("hello");
  }

  @Test
  void pathsThatClimbOutOrAreAbsoluteAreRefusedAndRecorded() {
    Path absolute = outside.resolve("absolute.txt");
    for (String path : List.of("../x", "out/../../x", "out/../../../../x", absolute.toString())) {
      long seq = GatewayEvents.lastSeq(gateway);

      assertRefused(write(path, "pwned"), seq, "permission_denied", "outside_grant", path);
    }
    assertThat(files(WRITER).getParent().resolve("x")).doesNotExist();
    assertThat(gateway.data().resolve("plugin-data/x")).doesNotExist();
    assertThat(absolute).doesNotExist();
    assertServing();
  }

  @Test
  void malformedPathsAreInvalidAndAFolderOutsideTheGrantIsNotDeclared() {
    for (String path : List.of("out//x", "out/./x", "out\\..\\x", "")) {
      long seq = GatewayEvents.lastSeq(gateway);

      assertRefused(write(path, "x"), seq, "invalid_path", "", path);
    }
    long seq = GatewayEvents.lastSeq(gateway);
    assertRefused(write("elsewhere/x", "x"), seq, "permission_denied", "not_declared", "elsewhere/x");
    assertThat(files(WRITER).resolve("elsewhere")).doesNotExist();
    assertServing();
  }

  @Test
  void aSymbolicLinkThePluginPlantedLeadsNowhere() throws IOException {
    Path secret = Files.writeString(outside.resolve("secret.txt"), "outside secret");
    call("plugin." + WRITER + ".plant", Map.of("name", "escape", "target", outside.toString())).assertStatus(200);
    call("plugin." + WRITER + ".plant", Map.of("name", "secret", "target", secret.toString())).assertStatus(200);
    assertThat(Files.isSymbolicLink(files(WRITER).resolve("out/escape"))).isTrue();

    long seq = GatewayEvents.lastSeq(gateway);
    assertRefused(write("out/escape/pwned.txt", "pwned"), seq, "permission_denied", "outside_grant", "out/escape/pwned.txt");
    seq = GatewayEvents.lastSeq(gateway);
    assertRefused(write("out/secret", "overwritten"), seq, "permission_denied", "outside_grant", "out/secret");
    seq = GatewayEvents.lastSeq(gateway);
    assertRefused(call("plugin." + WRITER + ".read", Map.of("path", "out/secret")), seq, "permission_denied", "outside_grant", "out/secret");
    seq = GatewayEvents.lastSeq(gateway);
    assertRefused(call("plugin." + WRITER + ".read", Map.of("path", "out/escape/secret.txt")), seq,
        "permission_denied", "outside_grant", "out/escape/secret.txt");

    assertThat(outside.resolve("pwned.txt")).doesNotExist();
    assertThat(secret).hasContent("outside secret");
    assertThat(Files.isSymbolicLink(files(WRITER).resolve("out/secret"))).isTrue();
    assertServing();
  }

  @Test
  void anotherPluginsStoreCannotBeReadThroughPluginFiles() {
    call("plugin.notes.add_note", Map.of("title", "private", "body", "only mine")).assertStatus(200);
    assertThat(gateway.data().resolve("plugin-data/notes/store/store.mv.db")).exists();

    for (String path : List.of("../../notes/store/store.mv.db", "in/../../../notes/store/store.mv.db",
        gateway.data().resolve("plugin-data/notes/store/store.mv.db").toString())) {
      long seq = GatewayEvents.lastSeq(gateway);

      HttpResult result = call("plugin.reads-other-store.read", Map.of("path", path));

      assertRefused(result, seq, "permission_denied", "outside_grant", path);
      assertThat(result.body()).doesNotContain("only mine");
    }
    assertServing();
  }
}
