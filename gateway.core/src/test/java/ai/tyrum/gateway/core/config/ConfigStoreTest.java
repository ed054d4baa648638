package ai.tyrum.gateway.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigStoreTest {

  private static final ConfigSchema ECHO = ConfigSchemaTest.schema("{" + ConfigSchemaTest.DRAFT
      + "\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\",\"default\":\"hello\"},"
      + "\"api_key\":{\"type\":\"string\",\"writeOnly\":true}}}");

  @TempDir Path dir;

  @Test
  void aMissingOrBlankFileIsAnEmptyConfig() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    assertThat(store.read("echo").toString()).isEqualTo("{}");
    Files.writeString(store.file("echo"), " \n", StandardCharsets.UTF_8);
    assertThat(store.read("echo").toString()).isEqualTo("{}");
  }

  @Test
  void contentThatDoesNotParseIsInvalidConfigWithTheParsersMessage() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    Files.writeString(store.file("echo"), "{\"greeting\":", StandardCharsets.UTF_8);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> store.read("echo"));

    assertThat(e.code()).isEqualTo("invalid_config");
    assertThat(e.details()).singleElement().asString().startsWith("/ (json): echo.json is not JSON: ");
  }

  @Test
  void duplicateKeysAndNonObjectsAreInvalidConfig() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    Files.writeString(store.file("echo"), "{\"greeting\":\"a\",\"greeting\":\"b\"}", StandardCharsets.UTF_8);
    assertThat(catchThrowableOfType(ConfigException.class, () -> store.read("echo")).code()).isEqualTo("invalid_config");
    Files.writeString(store.file("echo"), "[1]", StandardCharsets.UTF_8);
    assertThat(catchThrowableOfType(ConfigException.class, () -> store.read("echo")).details())
        .singleElement().asString().startsWith("/ (type)");
  }

  @Test
  void aValidWriteStoresWhatWasWrittenWithoutDefaultsAndNamesTheChangedKeys() throws Exception {
    ConfigStore store = new ConfigStore(dir);

    assertThat(store.write("echo", ECHO, ConfigSchemaTest.config("{\"api_key\":\"k\"}"))).containsExactly("api_key");
    assertThat(store.write("echo", ECHO, ConfigSchemaTest.config("{\"api_key\":\"k\",\"greeting\":\"hello\"}"))).isEmpty();
    assertThat(store.write("echo", ECHO, ConfigSchemaTest.config("{\"greeting\":\"yo\"}"))).containsExactly("api_key", "greeting");
    assertThat(Files.readString(store.file("echo"))).isEqualTo("{\n  \"greeting\" : \"yo\"\n}\n");
  }

  @Test
  void aRefusedWriteListsEveryErrorNeverEchoesASecretAndChangesNoByte() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    Files.writeString(store.file("echo"), "{ \"greeting\": \"kept\" }", StandardCharsets.UTF_8);
    byte[] before = Files.readAllBytes(store.file("echo"));

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> store.write("echo", ECHO, ConfigSchemaTest.config("{\"greeting\":1,\"api_key\":\"sk-secret\",\"extra\":true}")));

    assertThat(e.status()).isEqualTo(422);
    assertThat(e.details()).containsExactlyInAnyOrder(
        "/greeting (type): integer found, string expected",
        "/extra (additionalProperties): property 'extra' is not defined in the schema and the schema does not allow additional properties");
    assertThat(e.getMessage() + e.details()).doesNotContain("sk-secret");
    assertThat(Files.readAllBytes(store.file("echo"))).isEqualTo(before);
  }

  @Test
  void aWriteFixesAFileThatDoesNotParse() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    Files.writeString(store.file("echo"), "not json", StandardCharsets.UTF_8);

    store.write("echo", ECHO, ConfigSchemaTest.config("{\"greeting\":\"fixed\"}"));

    assertThat(store.read("echo").path("greeting").asString()).isEqualTo("fixed");
  }

  @Test
  void aDirectoryOrAPipeAtTheConfigPathIsInvalidConfigAndNeverBlocksTheReader() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    Files.createDirectory(store.file("echo"));
    Path pipe = store.file("notes");
    Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
    assertThat(mkfifo.waitFor()).isZero();

    for (String id : new String[] {"echo", "notes"}) {
      ConfigException e = catchThrowableOfType(ConfigException.class, () -> store.read(id));
      assertThat(e.code()).isEqualTo("invalid_config");
      assertThat(e.details()).singleElement().asString().startsWith("/ (file): " + id + ".json is not a regular file");
    }
  }

  @Test
  void aFileLargerThanTheCapIsInvalidConfigWithoutBeingReadWhole() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    Files.write(store.file("echo"), ("{\"greeting\":\"" + "x".repeat(ConfigStore.MAX_BYTES) + "\"}").getBytes(StandardCharsets.UTF_8));

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> store.read("echo"));

    assertThat(e.code()).isEqualTo("invalid_config");
    assertThat(e.details()).singleElement().asString().contains("larger than " + ConfigStore.MAX_BYTES);
  }

  @Test
  void aStoredFileWithExtremeValuesHasProblemsAndNeverThrows() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    ConfigSchema notes = ConfigSchemaTest.schema("{" + ConfigSchemaTest.DRAFT
        + "\"type\":\"object\",\"properties\":{\"max_notes\":{\"type\":\"integer\",\"minimum\":1}}}");
    for (String content : new String[] {"{\"max_notes\":1" + "0".repeat(400) + "}", "{\"max_notes\":1e19}",
        "{\"max_notes\":1e308}", "{\"max_notes\":60.0}", "{\"max_notes\":\"\\ud800\"}"}) {
      Files.writeString(store.file("notes"), content, StandardCharsets.UTF_8);

      assertThat(ConfigStore.problems(notes, store.read("notes"))).as(content).singleElement().asString().startsWith("/max_notes (");
    }
  }

  @Test
  void aRefusedWriteOfAValueUtf8CannotHoldChangesNoByte() throws Exception {
    ConfigStore store = new ConfigStore(dir);
    Files.writeString(store.file("echo"), "{ \"greeting\": \"kept\" }", StandardCharsets.UTF_8);
    byte[] before = Files.readAllBytes(store.file("echo"));

    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> store.write("echo", ECHO, ConfigSchemaTest.config("{\"api_key\":\"sk\\ud800\"}")));

    assertThat(e.code()).isEqualTo("invalid_config");
    assertThat(e.details()).singleElement().asString().startsWith("/api_key (unicode): ");
    assertThat(Files.readAllBytes(store.file("echo"))).isEqualTo(before);
  }
}
