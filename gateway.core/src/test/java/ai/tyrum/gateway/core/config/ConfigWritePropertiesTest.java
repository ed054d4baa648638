package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.lib.json.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.tyrum.gateway.lib.schema.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Random JSON thrown at a set of config schemas through the store: every refusal lists errors with a
 * pointer and a keyword and leaves the stored file byte-identical; every acceptance is stored and
 * validates when read back.
 */
class ConfigWritePropertiesTest {

  private static final Schemas SCHEMAS = new Schemas();
  private static final JsonMapper JSON = Json.MAPPER;
  private static final String DRAFT = "\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",";
  private static final String STORED = "{\n  \"greeting\" : \"stored\"\n}\n";

  /** Property names the schemas use, names that tempt interpreters, and noise. */
  private static final List<String> NAMES =
      List.of("greeting", "api_key", "a", "b", "name", "server", "host", "tls", "on", "token", "region",
          "__proto__", "$ref", "constructor", "x-1", "", "list", "n");

  private static final List<ConfigSchema> CONFIG_SCHEMAS =
      List.of(
          // echo's own shape
          schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\",\"default\":\"hello\"},"
              + "\"api_key\":{\"type\":\"string\",\"writeOnly\":true}}}"),
          // closed through allOf
          schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\"}},\"allOf\":["
              + "{\"properties\":{\"a\":{\"type\":\"string\"}}},{\"properties\":{\"b\":{\"type\":\"integer\"}}}]}"),
          // $ref into $defs, nested objects
          schema("{" + DRAFT + "\"$ref\":\"#/$defs/base\",\"properties\":{\"greeting\":{},\"server\":{\"$ref\":\"#/$defs/server\"}},"
              + "\"$defs\":{\"base\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}},"
              + "\"server\":{\"type\":\"object\",\"properties\":{\"host\":{\"type\":\"string\"},"
              + "\"tls\":{\"type\":\"object\",\"properties\":{\"on\":{\"type\":\"boolean\"}}}}}}}"),
          // required with defaults, arrays of objects
          schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\"},\"token\":{\"type\":\"string\"},"
              + "\"region\":{\"enum\":[\"eu\",\"us\"],\"default\":\"eu\"},"
              + "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}},"
              + "\"required\":[\"region\"]}"),
          // names that look like keywords, and an explicitly open object
          schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\"},"
              + "\"__proto__\":{\"type\":\"object\",\"properties\":{\"on\":{\"type\":\"boolean\"}}},"
              + "\"$ref\":{\"type\":\"string\"},\"constructor\":{\"type\":\"object\",\"additionalProperties\":true}}}"),
          // integer and number bounds, which the validator compares in more than one way
          schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\",\"minimum\":1,\"maximum\":100},"
              + "\"a\":{\"type\":\"number\",\"exclusiveMaximum\":1.5},\"b\":{\"type\":\"integer\",\"multipleOf\":3},"
              + "\"list\":{\"type\":\"array\",\"items\":{\"type\":[\"integer\",\"null\"],\"minimum\":0}},"
              + "\"constructor\":{\"type\":\"object\",\"additionalProperties\":true}}}"));

  /** Text with lone surrogates, which UTF-8 cannot store, and text with pairs, which it can. */
  private static final Arbitrary<String> HOSTILE_TEXT =
      Arbitraries.strings().withChars('a', '\ud800', '\udbff', '\udc00', '\udfff').ofMinLength(1).ofMaxLength(4);

  /** Numbers beyond 64 bits or a double's range, and integers written as fractions, parsed as a reader would. */
  private static final Arbitrary<JsonNode> HOSTILE_NUMBERS =
      Arbitraries.of("1" + "0".repeat(400), "-9223372036854775809", "9223372036854775807", "1e19", "-1e19",
              "1e308", "1e400", "-1e400", "60.0", "6e1", "1E+2", "0.5", "2.0", "1e-400")
          .map(JSON::readTree);

  private static final Path DIR = tempDir();

  private static ConfigSchema schema(String json) {
    return ConfigSchema.of(JSON.readTree(json), SCHEMAS);
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("tyrum-config-props-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterContainer
  static void cleanUp() throws IOException {
    try (var files = Files.list(DIR)) {
      for (Path file : files.toList()) {
        Files.delete(file);
      }
    }
    Files.delete(DIR);
  }

  @Property(tries = 400)
  void everyRefusalIsCleanAndEveryAcceptanceValidates(
      @ForAll("schemaIndex") int index, @ForAll("configs") ObjectNode candidate) throws IOException {
    ConfigSchema schema = CONFIG_SCHEMAS.get(index);
    ConfigStore store = new ConfigStore(DIR);
    String id = "plugin-" + index;
    Files.writeString(store.file(id), STORED, StandardCharsets.UTF_8);
    byte[] before = Files.readAllBytes(store.file(id));

    ConfigException refusal =
        catchThrowableOfType(ConfigException.class, () -> store.write(id, schema, candidate));

    Statistics.label("outcome").collect(refusal == null ? "accepted" : "refused");
    Statistics.label("outcome").coverage(c -> {
      c.check("accepted").count(n -> n > 0);
      c.check("refused").count(n -> n > 0);
    });
    if (refusal != null) {
      assertThat(refusal.code()).isEqualTo("invalid_config");
      assertThat(refusal.status()).isEqualTo(422);
      assertThat(refusal.details()).isNotEmpty().allSatisfy(d -> assertThat(d).matches("(?s)/.* \\([A-Za-z$]+\\): .+"));
      assertThat(Files.readAllBytes(store.file(id))).isEqualTo(before);
    } else {
      ObjectNode stored = store.read(id);
      assertThat(stored).isEqualTo(candidate);
      assertThat(schema.validate(schema.withDefaults(stored))).isEmpty();
    }
  }

  @Property(tries = 300)
  void aRefusedSetOfOneValueLeavesTheStoredConfigByteIdentical(
      @ForAll("schemaIndex") int index, @ForAll("paths") String path, @ForAll("values") JsonNode value)
      throws IOException {
    ConfigSchema schema = CONFIG_SCHEMAS.get(index);
    ConfigStore store = new ConfigStore(DIR);
    String id = "set-" + index;
    Files.writeString(store.file(id), STORED, StandardCharsets.UTF_8);
    byte[] before = Files.readAllBytes(store.file(id));

    ConfigException refusal =
        catchThrowableOfType(ConfigException.class, () -> store.write(id, schema, ConfigPath.parse(path).set(store.read(id), value)));

    if (refusal != null) {
      assertThat(refusal.code()).isIn("invalid_config", "invalid_path");
      assertThat(Files.readAllBytes(store.file(id))).isEqualTo(before);
    } else {
      assertThat(schema.validate(schema.withDefaults(store.read(id)))).isEmpty();
    }
  }

  @Provide
  Arbitrary<String> paths() {
    Arbitrary<String> name = Arbitraries.of(NAMES).filter(n -> !n.isEmpty());
    return name.list().ofMinSize(1).ofMaxSize(3)
        .map(names -> "/" + String.join("/", names.stream().map(ConfigSchema::escape).toList()));
  }

  @Provide
  Arbitrary<JsonNode> values() {
    return values(2);
  }

  @Provide
  Arbitrary<Integer> schemaIndex() {
    return Arbitraries.integers().between(0, CONFIG_SCHEMAS.size() - 1);
  }

  @Provide
  Arbitrary<ObjectNode> configs() {
    return objects(3);
  }

  private Arbitrary<ObjectNode> objects(int depth) {
    Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.strings().ofMaxLength(6), HOSTILE_TEXT);
    return Arbitraries.maps(names, values(depth - 1)).ofMaxSize(4)
        .map(map -> {
          ObjectNode object = JsonNodeFactory.instance.objectNode();
          map.forEach(object::set);
          return object;
        });
  }

  private Arbitrary<JsonNode> values(int depth) {
    Arbitrary<JsonNode> scalars =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(8).map(JsonNodeFactory.instance::stringNode),
            Arbitraries.of("eu", "us", "hello").map(JsonNodeFactory.instance::stringNode),
            Arbitraries.integers().between(-5, 5).map(JsonNodeFactory.instance::numberNode),
            Arbitraries.doubles().between(-10, 10).map(JsonNodeFactory.instance::numberNode),
            Arbitraries.of(true, false).map(JsonNodeFactory.instance::booleanNode),
            Arbitraries.just(JsonNodeFactory.instance.nullNode()),
            HOSTILE_TEXT.map(JsonNodeFactory.instance::stringNode),
            HOSTILE_NUMBERS);
    if (depth <= 0) {
      return scalars;
    }
    Arbitrary<JsonNode> arrays =
        values(depth - 1).list().ofMaxSize(3).map(list -> {
          ArrayNode array = JsonNodeFactory.instance.arrayNode();
          list.forEach(array::add);
          return (JsonNode) array;
        });
    return Arbitraries.frequencyOf(
        Tuple.of(4, scalars),
        Tuple.of(2, objects(depth).map(o -> (JsonNode) o)),
        Tuple.of(1, arrays));
  }
}
