package ai.tyrum.gateway.lib.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.json.Json;
import com.networknt.schema.Schema;
import org.junit.jupiter.api.Test;

/** {@link Schemas#compileDeclared}: a schema written elsewhere compiles in the dialect it declares. */
class DeclaredDialectTest {

  private final Schemas schemas = new Schemas();

  @Test
  void draft07SchemaAsMcpServersWriteThemValidatesInputs() {
    Schema sum = schemas.compileDeclared(Json.MAPPER.readTree("""
        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object",
         "properties":{"a":{"type":"number"},"b":{"type":"number"}},"required":["a","b"],"additionalProperties":false}"""));
    assertThat(Schemas.validate(sum, Json.MAPPER.readTree("{\"a\":1,\"b\":2}"))).isEmpty();
    assertThat(Schemas.validate(sum, Json.MAPPER.readTree("{\"a\":\"one\",\"b\":2}")))
        .singleElement().extracting(Schemas.Violation::pointer).isEqualTo("/a");
  }

  @Test
  void draft07ArrayFormOfItemsMeansATupleNotTheApplicatorOf2020() {
    // in 2020-12 "items" must be a schema; in draft-07 an array of schemas checks by position
    Schema pair = schemas.compileDeclared(Json.MAPPER.readTree("""
        {"$schema":"http://json-schema.org/draft-07/schema","type":"array","items":[{"type":"string"},{"type":"integer"}]}"""));
    assertThat(Schemas.validate(pair, Json.MAPPER.readTree("[\"a\",1]"))).isEmpty();
    assertThat(Schemas.validate(pair, Json.MAPPER.readTree("[\"a\",\"b\"]"))).isNotEmpty();
  }

  @Test
  void schemaThatDeclaresNoDialectIs2020() {
    assertThatThrownBy(() -> schemas.compileDeclared(Json.MAPPER.readTree("""
        {"type":"array","items":[{"type":"string"}]}""")))
        .isInstanceOf(Schemas.InvalidSchemaException.class);
    assertThat(schemas.compileDeclared(Json.MAPPER.readTree("{\"type\":\"array\",\"prefixItems\":[{\"type\":\"string\"}]}"))).isNotNull();
  }

  @Test
  void unknownDialectIsRefusedByName() {
    assertThatThrownBy(() -> schemas.compileDeclared(Json.MAPPER.readTree("""
        {"$schema":"https://example.com/my-dialect","type":"object"}""")))
        .isInstanceOf(Schemas.InvalidSchemaException.class)
        .hasMessageContaining("https://example.com/my-dialect").hasMessageContaining("draft-07");
  }

  @Test
  void schemaThatBreaksItsOwnDialectIsRefused() {
    assertThatThrownBy(() -> schemas.compileDeclared(Json.MAPPER.readTree("""
        {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","required":"a"}""")))
        .isInstanceOf(Schemas.InvalidSchemaException.class);
  }
}
