package ai.tyrum.plugin.everything;

import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** The plugin's JSON resources, checked with the validator the gateway uses (networknt, 2020-12). */
final class JsonFiles {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry SCHEMAS =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Schema META_SCHEMA =
      SCHEMAS.getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));

  private JsonFiles() {}

  /** The resource at {@code path} in the jar, parsed. */
  static JsonNode read(String path) {
    try (InputStream in = JsonFiles.class.getResourceAsStream("/" + path)) {
      if (in == null) {
        throw new IllegalArgumentException("not in the jar: " + path);
      }
      return JSON.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * What makes the resource at {@code path} an invalid JSON Schema; empty when it is valid. The
   * meta-schema is checked explicitly because compiling a schema accepts unknown types silently.
   */
  static List<String> schemaErrors(String path) {
    return messages(META_SCHEMA.validate(read(path)));
  }

  /** What makes {@code value} (maps, lists, strings, numbers, booleans) break the schema at {@code path}. */
  static List<String> violations(String path, Object value) {
    return messages(SCHEMAS.getSchema(read(path)).validate(JSON.valueToTree(value)));
  }

  private static List<String> messages(List<com.networknt.schema.Error> errors) {
    return errors.stream().map(com.networknt.schema.Error::toString).toList();
  }
}
