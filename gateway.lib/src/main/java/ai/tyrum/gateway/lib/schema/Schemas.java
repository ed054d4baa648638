package ai.tyrum.gateway.lib.schema;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import java.util.List;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * JSON Schema 2020-12 for plugin contracts and config, through networknt. Never fetches a remote
 * resource: a plugin schema can refer only to itself (and the bundled meta-schemas).
 */
public final class Schemas {

  /** The 2020-12 meta-schema every plugin schema is checked against. */
  static final String META_SCHEMA = "https://json-schema.org/draft/2020-12/schema";

  /**
   * The dialects a schema may declare with {@code $schema} ({@link #compileDeclared}), by the IRI without a
   * trailing {@code #}, each to the meta-schema IRI the validator holds a copy of.
   */
  private static final java.util.Map<String, String> DIALECTS = java.util.Map.of(
      "http://json-schema.org/draft-04/schema", "http://json-schema.org/draft-04/schema#",
      "http://json-schema.org/draft-06/schema", "http://json-schema.org/draft-06/schema#",
      "http://json-schema.org/draft-07/schema", "http://json-schema.org/draft-07/schema#",
      "https://json-schema.org/draft/2019-09/schema", "https://json-schema.org/draft/2019-09/schema",
      "https://json-schema.org/draft/2020-12/schema", META_SCHEMA);

  private final SchemaRegistry registry;
  private final Schema metaSchema;
  private final java.util.Map<String, Schema> metaSchemas = new java.util.concurrent.ConcurrentHashMap<>();

  public Schemas() {
    this.registry =
        withLibraryLoader(
            () ->
                SchemaRegistry.withDefaultDialect(
                    SpecificationVersion.DRAFT_2020_12,
                    builder ->
                        builder
                            .schemaLoader(loader -> loader.fetchRemoteResources(false))
                            .schemaRegistryConfig(
                                SchemaRegistryConfig.builder()
                                    .pathType(PathType.JSON_POINTER)
                                    .regularExpressionFactory(Re2Patterns.INSTANCE)
                                    .build())));
    this.metaSchema = withLibraryLoader(() -> registry.getSchema(SchemaLocation.of(META_SCHEMA)));
  }

  /**
   * Checks that {@code schema} is a valid 2020-12 JSON Schema and compiles it.
   *
   * @throws InvalidSchemaException listing every problem found
   */
  public Schema compile(JsonNode schema) {
    if (!schema.isObject() && !schema.isBoolean()) {
      throw new InvalidSchemaException(List.of("a schema must be a JSON object or boolean"));
    }
    return checkAndCompile(metaSchema, schema);
  }

  /** Validates {@code schema} against its dialect's meta-schema {@code meta}, then compiles it in that dialect. */
  private Schema checkAndCompile(Schema meta, JsonNode schema) {
    List<Error> metaErrors = withLibraryLoader(() -> meta.validate(schema));
    if (!metaErrors.isEmpty()) {
      throw new InvalidSchemaException(
          metaErrors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList());
    }
    try {
      // the registry reads $schema and compiles in that dialect
      Schema compiled = withLibraryLoader(() -> registry.getSchema(schema));
      // resolve references now, so that a broken $ref refuses the plugin instead of a later call
      withLibraryLoader(
          () -> {
            compiled.initializeValidators();
            return compiled;
          });
      return compiled;
    } catch (RuntimeException e) {
      throw new InvalidSchemaException(List.of(String.valueOf(e.getMessage())));
    }
  }

  /**
   * Checks that {@code schema} is a valid JSON Schema of the dialect it declares with {@code $schema}
   * (draft-04, -06, -07, 2019-09 or 2020-12; 2020-12 when it declares none) and compiles it in that
   * dialect: for schemas written elsewhere, such as an MCP server's tool input schemas.
   *
   * @throws InvalidSchemaException listing every problem found, or naming a dialect that is not known
   */
  public Schema compileDeclared(JsonNode schema) {
    if (!schema.isObject() || !schema.has("$schema")) {
      return compile(schema);
    }
    JsonNode declared = schema.get("$schema");
    String iri = declared.isString() ? declared.asString() : "";
    String meta = DIALECTS.get(iri.endsWith("#") ? iri.substring(0, iri.length() - 1) : iri);
    if (meta == null) {
      throw new InvalidSchemaException(List.of("/$schema: " + (declared.isString() ? iri : declared.toString())
          + " is not a JSON Schema dialect the gateway knows (draft-04, draft-06, draft-07, 2019-09, 2020-12)"));
    }
    Schema dialect = metaSchemas.computeIfAbsent(meta, m -> withLibraryLoader(() -> registry.getSchema(SchemaLocation.of(m))));
    return checkAndCompile(dialect, schema);
  }

  /**
   * Validates {@code instance}; an empty list means valid. Never throws for what the instance holds: where
   * the validator cannot check a value (it fails on numbers it cannot compare with a bound, such as
   * {@code 1e308} against an integer {@code minimum}), the instance is refused with one violation at its
   * root, so that no caller can take a failure of the validator for a valid instance.
   */
  public static List<Violation> validate(Schema schema, JsonNode instance) {
    List<Error> errors;
    try {
      errors = schema.validate(instance);
    } catch (RuntimeException e) {
      return List.of(new Violation("/", "", "holds a value the schema's checks cannot compare (a number beyond"
          + " the range of a 64-bit integer or of a double, or one that needs more precision than they hold);"
          + " use a number the schema can check"));
    }
    if (errors.isEmpty()) {
      return List.of();
    }
    return errors.stream()
        .map(
            e ->
                new Violation(
                    pointer(e.getInstanceLocation().toString()),
                    e.getKeyword() == null ? "" : e.getKeyword(),
                    e.getMessage()))
        .toList();
  }

  /**
   * Whether a schema's {@code pattern} matches anywhere in {@code text}, as the validator decides it
   * (RE2/J, linear in the text); false for a pattern the validator refuses.
   */
  public static boolean patternFinds(String regex, String text) {
    return Re2Patterns.finds(regex, text);
  }

  private static String pointer(String location) {
    return location.isEmpty() ? "/" : location;
  }

  /**
   * networknt loads its meta-schemas as class path resources through the context class loader; in a
   * framework that loader is not the library's, so lend it the library's own for the call.
   */
  private static <T> T withLibraryLoader(Supplier<T> work) {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(SchemaRegistry.class.getClassLoader());
    try {
      return work.get();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /** One validation error: where (JSON pointer), which keyword, and the message. */
  public record Violation(String pointer, String keyword, String message) {
    @Override
    public String toString() {
      return pointer + " (" + keyword + "): " + message;
    }
  }

  /** A schema is not a valid JSON Schema 2020-12. */
  public static final class InvalidSchemaException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<String> problems;

    public InvalidSchemaException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }
}
