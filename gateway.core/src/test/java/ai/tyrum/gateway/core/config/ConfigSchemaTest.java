package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.lib.json.Json;
import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.lib.schema.Schemas.Violation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The hard cases of closing, defaults and sensitive values, each pinned by name. */
class ConfigSchemaTest {

  static final Schemas SCHEMAS = new Schemas();
  static final JsonMapper JSON = Json.MAPPER;
  static final String DRAFT = "\"$schema\":\"https://json-schema.org/draft/2020-12/schema\",";

  static ConfigSchema schema(String json) {
    return ConfigSchema.of(JSON.readTree(json), SCHEMAS);
  }

  static ObjectNode config(String json) {
    return (ObjectNode) JSON.readTree(json);
  }

  static List<Violation> check(ConfigSchema schema, String json) {
    return schema.validate(schema.withDefaults(config(json)));
  }

  @Test
  void closesAPlainObjectAndPointsAtTheUnknownKey() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"greeting\":{\"type\":\"string\"}}}");

    assertThat(check(schema, "{\"greeting\":\"hi\"}")).isEmpty();
    List<Violation> violations = check(schema, "{\"greeting\":\"hi\",\"extra\":1}");
    assertThat(violations).extracting(Violation::pointer).containsExactly("/extra");
    assertThat(violations).extracting(Violation::keyword).containsExactly("additionalProperties");
  }

  @Test
  void closesObjectsMergedThroughAllOfWithoutRejectingTheirUnion() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"allOf\":["
        + "{\"properties\":{\"a\":{\"type\":\"string\"}}},"
        + "{\"properties\":{\"b\":{\"type\":\"integer\"}}}]}");

    assertThat(check(schema, "{\"a\":\"x\",\"b\":1}")).isEmpty();
    List<Violation> violations = check(schema, "{\"a\":\"x\",\"b\":1,\"c\":true}");
    assertThat(violations).extracting(Violation::pointer).containsExactly("/c");
    assertThat(violations).extracting(Violation::keyword).containsExactly("unevaluatedProperties");
  }

  @Test
  void closesObjectsReachedThroughRefIntoDefs() {
    ConfigSchema schema = schema("{" + DRAFT + "\"$ref\":\"#/$defs/base\","
        + "\"properties\":{\"server\":{\"$ref\":\"#/$defs/server\"}},"
        + "\"$defs\":{\"base\":{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"}}},"
        + "\"server\":{\"type\":\"object\",\"properties\":{\"host\":{\"type\":\"string\"},"
        + "\"tls\":{\"type\":\"object\",\"properties\":{\"on\":{\"type\":\"boolean\"}}}}}}}");

    assertThat(check(schema, "{\"name\":\"n\",\"server\":{\"host\":\"h\",\"tls\":{\"on\":true}}}")).isEmpty();
    assertThat(check(schema, "{\"name\":\"n\",\"nope\":1}")).extracting(Violation::pointer).containsExactly("/nope");
    assertThat(check(schema, "{\"server\":{\"host\":\"h\",\"port\":1}}")).extracting(Violation::pointer).containsExactly("/server/port");
    assertThat(check(schema, "{\"server\":{\"tls\":{\"on\":true,\"off\":false}}}")).extracting(Violation::pointer).containsExactly("/server/tls/off");
  }

  @Test
  void closesOneOfAlternativesSoThatOnlyTheMatchingBranchsKeysAreAllowed() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"oneOf\":["
        + "{\"properties\":{\"mode\":{\"const\":\"file\"},\"path\":{\"type\":\"string\"}},\"required\":[\"mode\"]},"
        + "{\"properties\":{\"mode\":{\"const\":\"http\"},\"url\":{\"type\":\"string\"}},\"required\":[\"mode\"]}]}");

    assertThat(check(schema, "{\"mode\":\"file\",\"path\":\"/tmp\"}")).isEmpty();
    assertThat(check(schema, "{\"mode\":\"http\",\"url\":\"u\"}")).isEmpty();
    assertThat(check(schema, "{\"mode\":\"file\",\"url\":\"u\"}")).extracting(Violation::pointer).contains("/url");
  }

  @Test
  void closesABareObjectTypeToo() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\"}");

    assertThat(check(schema, "{}")).isEmpty();
    assertThat(check(schema, "{\"a\":1}")).extracting(Violation::pointer).containsExactly("/a");
  }

  @Test
  void leavesTheAuthorsSchemaUntouched() {
    JsonNode original = JSON.readTree("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"a\":{}}}");
    String before = original.toString();

    ConfigSchema.of(original, SCHEMAS);

    assertThat(original.toString()).isEqualTo(before);
  }

  @Test
  void keepsAnObjectOpenWhenTheSchemaSaysAdditionalPropertiesTrue() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"a\":{\"type\":\"string\"},"
        + "\"labels\":{\"type\":\"object\",\"properties\":{\"x\":{}},\"additionalProperties\":true}},"
        + "\"additionalProperties\":true}");

    assertThat(check(schema, "{\"a\":\"x\",\"anything\":[1,2],\"labels\":{\"free\":\"form\"}}")).isEmpty();
  }

  @Test
  void keepsAnObjectOpenWhenTheRefTargetSaysAdditionalPropertiesTrue() {
    ConfigSchema schema = schema("{" + DRAFT + "\"$ref\":\"#/$defs/open\","
        + "\"$defs\":{\"open\":{\"type\":\"object\",\"properties\":{\"a\":{}},\"additionalProperties\":true}}}");

    assertThat(check(schema, "{\"a\":1,\"b\":2}")).isEmpty();
  }

  @Test
  void rejectsAnEmptyConfigAgainstRequiredWithTheRequiredKeyword() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"token\":{\"type\":\"string\"},"
        + "\"region\":{\"type\":\"string\",\"default\":\"eu\"}},\"required\":[\"token\",\"region\"]}");

    List<Violation> violations = check(schema, "{}");
    assertThat(violations).extracting(Violation::keyword).containsExactly("required");
    assertThat(violations.get(0).message()).contains("token");
    assertThat(check(schema, "{\"token\":\"t\"}")).isEmpty();
  }

  @Test
  void treatsProtoAndRefPropertyNamesAsPlainNames() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{"
        + "\"__proto__\":{\"type\":\"object\",\"properties\":{\"polluted\":{\"type\":\"boolean\"}}},"
        + "\"$ref\":{\"type\":\"string\",\"default\":\"#/nowhere\"},"
        + "\"constructor\":{\"type\":\"integer\"}}}");

    assertThat(check(schema, "{\"__proto__\":{\"polluted\":true},\"$ref\":\"x\",\"constructor\":1}")).isEmpty();
    assertThat(check(schema, "{\"__proto__\":{\"other\":true}}")).extracting(Violation::pointer).containsExactly("/__proto__/other");
    assertThat(check(schema, "{\"$ref\":1}")).extracting(Violation::pointer).containsExactly("/$ref");
    assertThat(schema.withDefaults(config("{}")).path("$ref").asString()).isEqualTo("#/nowhere");
  }

  @Test
  void reportsUnknownKeysAtEveryDepthAtOnce() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{"
        + "\"a\":{\"type\":\"object\",\"properties\":{\"b\":{\"type\":\"object\",\"properties\":{\"c\":{\"type\":\"string\"}}}}},"
        + "\"list\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"n\":{\"type\":\"integer\"}}}}}}");

    List<Violation> violations =
        check(schema, "{\"x\":1,\"a\":{\"y\":1,\"b\":{\"z\":1,\"c\":\"ok\"}},\"list\":[{\"n\":1},{\"n\":2,\"w\":3}]}");
    assertThat(violations).extracting(Violation::pointer)
        .containsExactlyInAnyOrder("/x", "/a/y", "/a/b/z", "/list/1/w");
  }

  @Test
  void appliesDefaultsAtEveryDepthWithoutOverridingValuesThatAreSet() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{"
        + "\"greeting\":{\"type\":\"string\",\"default\":\"hello\"},"
        + "\"retry\":{\"type\":\"object\",\"properties\":{\"times\":{\"type\":\"integer\",\"default\":3},"
        + "\"backoff\":{\"type\":\"string\",\"default\":\"exp\"}}}},"
        + "\"allOf\":[{\"properties\":{\"mode\":{\"type\":\"string\",\"default\":\"fast\"}}}]}");

    JsonNode effective = schema.withDefaults(config("{\"greeting\":\"hi\",\"retry\":{\"times\":5}}"));
    assertThat(effective.path("greeting").asString()).isEqualTo("hi");
    assertThat(effective.path("retry").path("times").asInt()).isEqualTo(5);
    assertThat(effective.path("retry").path("backoff").asString()).isEqualTo("exp");
    assertThat(effective.path("mode").asString()).isEqualTo("fast");
    assertThat(schema.validate(effective)).isEmpty();
  }

  @Test
  void masksWriteOnlyValuesThatAreSetAndNothingElse() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{"
        + "\"greeting\":{\"type\":\"string\"},\"api_key\":{\"type\":\"string\",\"writeOnly\":true},"
        + "\"db\":{\"$ref\":\"#/$defs/db\"}},"
        + "\"$defs\":{\"db\":{\"type\":\"object\",\"properties\":{\"user\":{\"type\":\"string\"},"
        + "\"password\":{\"type\":\"string\",\"writeOnly\":true}}}}}");

    JsonNode masked = schema.masked(config("{\"greeting\":\"hi\",\"api_key\":\"sk-1\",\"db\":{\"user\":\"u\",\"password\":\"pw\"}}"));
    assertThat(masked.toString())
        .isEqualTo("{\"greeting\":\"hi\",\"api_key\":\"********\",\"db\":{\"user\":\"u\",\"password\":\"********\"}}");
    assertThat(schema.masked(config("{\"greeting\":\"hi\"}")).has("api_key")).isFalse();
    assertThat(schema.sensitiveValues(config("{\"api_key\":\"sk-1\",\"db\":{\"password\":\"pw\"}}")))
        .containsExactlyInAnyOrder("sk-1", "pw");
  }

  @Test
  void aMaskSentBackKeepsTheStoredSecret() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{"
        + "\"greeting\":{\"type\":\"string\"},\"api_key\":{\"type\":\"string\",\"writeOnly\":true}}}");

    ObjectNode restored = schema.restoreMasked(config("{\"greeting\":\"yo\",\"api_key\":\"********\"}"), config("{\"api_key\":\"sk-1\"}"));
    assertThat(restored.toString()).isEqualTo("{\"greeting\":\"yo\",\"api_key\":\"sk-1\"}");
    assertThat(schema.restoreMasked(config("{\"api_key\":\"********\"}"), config("{}")).toString()).isEqualTo("{}");
  }

  @Test
  void theClosedSchemaKeepsItsWriteOnlyMarks() {
    ConfigSchema schema = schema("{" + DRAFT + "\"type\":\"object\",\"properties\":{\"api_key\":{\"type\":\"string\",\"writeOnly\":true}}}");

    JsonNode closed = schema.closedSchema();
    assertThat(closed.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(closed.path("properties").path("api_key").path("writeOnly").asBoolean()).isTrue();
  }
}
