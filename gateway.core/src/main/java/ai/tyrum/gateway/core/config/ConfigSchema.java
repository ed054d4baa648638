package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.lib.schema.Schemas;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One plugin's config schema, closed and compiled once: validates configs, applies the schema's
 * defaults, and knows which values are sensitive ({@code writeOnly: true}) to mask and redact them.
 */
public final class ConfigSchema {

  /** What every surface shows in place of a sensitive value that is set. */
  public static final String MASK = "********";

  private final JsonNode closed;
  private final Schema compiled;
  private final SchemaNodes nodes;

  private ConfigSchema(JsonNode closed, Schema compiled) {
    this.closed = closed;
    this.compiled = compiled;
    this.nodes = new SchemaNodes(closed);
  }

  /**
   * Closes and compiles {@code schema}, the plugin's config schema as its author wrote it.
   *
   * @throws Schemas.InvalidSchemaException if the closed schema does not compile
   */
  public static ConfigSchema of(JsonNode schema, Schemas schemas) {
    JsonNode closed = SchemaCloser.close(schema);
    return new ConfigSchema(closed, schemas.compile(closed));
  }

  /** The closed schema, with its {@code writeOnly} marks, for a UI to render a safe form. */
  public JsonNode closedSchema() {
    return closed.deepCopy();
  }

  /** {@code config} with the schema's defaults filled in where a property is absent; a new node. */
  public ObjectNode withDefaults(ObjectNode config) {
    ObjectNode copy = config.deepCopy();
    applyDefaults(copy, List.of(closed));
    return copy;
  }

  private void applyDefaults(ObjectNode value, List<JsonNode> schemas) {
    // Only branches that always apply give defaults: an anyOf/oneOf branch may not be the one that holds.
    for (JsonNode schema : nodes.inPlace(schemas, false)) {
      JsonNode properties = schema.path("properties");
      if (!properties.isObject()) {
        continue;
      }
      for (Map.Entry<String, JsonNode> property : properties.properties()) {
        if (value.has(property.getKey())) {
          continue;
        }
        defaultOf(property.getValue()).ifPresent(d -> value.set(property.getKey(), d.deepCopy()));
      }
    }
    for (Map.Entry<String, JsonNode> field : value.properties()) {
      if (field.getValue() instanceof ObjectNode child) {
        applyDefaults(child, nodes.propertySchemas(schemas, field.getKey(), false));
      }
    }
  }

  private Optional<JsonNode> defaultOf(JsonNode schema) {
    for (JsonNode applied : nodes.inPlace(schema, false)) {
      if (applied.has("default")) {
        return Optional.of(applied.get("default"));
      }
    }
    return Optional.empty();
  }

  /**
   * Validates {@code config} against the closed schema, strictly: besides what the schema says, a value
   * no config may hold ({@link ConfigValues}) and an integer written as a fraction or with an exponent
   * ({@code 60.0}, {@code 6e1}) where the schema asks for an integer are refused. The schema validator
   * never sees those values (it would throw on some, and take {@code 60.0} for an integer), and a
   * failure of the validator itself is a violation too, never an exception.
   *
   * @return every violation, each with the JSON pointer of the offending value; empty when valid
   */
  public List<Schemas.Violation> validate(JsonNode config) {
    List<Schemas.Violation> refused = new ArrayList<>(ConfigValues.unstorable(config));
    looseIntegers(config, List.of(closed), "", refused);
    JsonNode checked = config;
    if (!refused.isEmpty()) {
      checked = config.deepCopy();
      for (Schemas.Violation violation : refused) {
        nullAt(checked, violation.pointer());
      }
    }
    List<Schemas.Violation> violations = new ArrayList<>(refused);
    for (Schemas.Violation violation : bySchema(checked)) {
      // what the validator says about a value it saw as null only echoes the refusal above
      if (refused.stream().noneMatch(r -> violation.pointer().equals(r.pointer())
          || violation.pointer().startsWith(r.pointer() + "/"))) {
        violations.add(violation);
      }
    }
    return violations;
  }

  private List<Schemas.Violation> bySchema(JsonNode config) {
    List<Error> errors;
    try {
      errors = compiled.validate(config);
    } catch (RuntimeException e) {
      return List.of(new Schemas.Violation("/", "schema",
          "the config schema could not be checked against this config (" + e.getClass().getSimpleName()
              + "); write simpler values, or ask the plugin's author to fix its schema"));
    }
    List<Schemas.Violation> violations = new ArrayList<>(errors.size());
    for (Error error : errors) {
      String keyword = error.getKeyword() == null ? "" : error.getKeyword();
      String pointer = error.getInstanceLocation().toString();
      // An unknown property is reported at its object; point at the property itself.
      if ((keyword.equals("additionalProperties") || keyword.equals("unevaluatedProperties"))
          && error.getProperty() != null
          && !pointer.endsWith("/" + escape(error.getProperty()))) {
        pointer = pointer + "/" + escape(error.getProperty());
      }
      violations.add(new Schemas.Violation(pointer.isEmpty() ? "/" : pointer, keyword, error.getMessage()));
    }
    return withoutEchoes(violations);
  }

  /**
   * JSON Schema counts {@code 60.0} as an integer (2020-12 validation §6.1.1), but a plugin would get a
   * floating-point value where its schema promised an integer: where any schema that applies asks for
   * an integer and none allows any number, only plain digits are taken.
   */
  private void looseIntegers(JsonNode value, List<JsonNode> schemas, String pointer, List<Schemas.Violation> found) {
    if (value.isFloatingPointNumber()) {
      if (expectsInteger(schemas)) {
        found.add(new Schemas.Violation(pointer.isEmpty() ? "/" : pointer, "type",
            "an integer is expected, written as plain digits such as 60; a number with a fraction or an"
                + " exponent (60.0, 6e1) is not taken for one"));
      }
    } else if (value instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        looseIntegers(field.getValue(), nodes.propertySchemas(schemas, field.getKey(), true),
            pointer + "/" + escape(field.getKey()), found);
      }
    } else if (value instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        looseIntegers(array.get(i), nodes.itemSchemas(schemas, i, true), pointer + "/" + i, found);
      }
    }
  }

  private boolean expectsInteger(List<JsonNode> schemas) {
    boolean integer = false;
    for (JsonNode schema : nodes.inPlace(schemas, true)) {
      JsonNode type = schema.get("type");
      if (type == null) {
        continue;
      }
      List<String> types = new ArrayList<>();
      if (type.isString()) {
        types.add(type.stringValue());
      } else {
        type.forEach(t -> types.add(t.asString()));
      }
      if (types.contains("number")) {
        return false;
      }
      integer |= types.contains("integer");
    }
    return integer;
  }

  /** Replaces the value at {@code pointer} (as {@link #validate} builds it) with null; the root stays. */
  private static void nullAt(JsonNode root, String pointer) {
    if (pointer.equals("/")) {
      return;
    }
    String[] tokens = pointer.substring(1).split("/", -1);
    JsonNode node = root;
    for (int i = 0; i < tokens.length - 1 && node != null; i++) {
      node = child(node, tokens[i]);
    }
    String last = tokens[tokens.length - 1];
    if (node instanceof ObjectNode object && object.has(unescape(last))) {
      object.putNull(unescape(last));
    } else if (node instanceof ArrayNode array && last.chars().allMatch(Character::isDigit)) {
      array.set(Integer.parseInt(last), JsonNodeFactory.instance.nullNode());
    }
  }

  private static JsonNode child(JsonNode node, String token) {
    if (node instanceof ArrayNode array) {
      return token.chars().allMatch(Character::isDigit) ? array.get(Integer.parseInt(token)) : null;
    }
    return node.get(unescape(token));
  }

  private static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  /**
   * A property whose value fails its own schema yields no annotation (2020-12 §7.7.1.2), so an
   * {@code unevaluatedProperties} above it reports it as unknown too. That echo says nothing the real
   * error does not: drop it. A truly unknown property is never validated deeper, so it keeps its report.
   */
  private static List<Schemas.Violation> withoutEchoes(List<Schemas.Violation> violations) {
    List<Schemas.Violation> kept = new ArrayList<>(violations.size());
    for (Schemas.Violation violation : violations) {
      boolean echo =
          violation.keyword().equals("unevaluatedProperties")
              && violations.stream()
                  .anyMatch(other -> !other.keyword().equals("unevaluatedProperties")
                      && (other.pointer().equals(violation.pointer())
                          || other.pointer().startsWith(violation.pointer() + "/")));
      if (!echo) {
        kept.add(violation);
      }
    }
    return kept;
  }

  /** A copy of {@code config} with every sensitive value that is set replaced by {@link #MASK}. */
  public JsonNode masked(JsonNode config) {
    return mask(config, List.of(closed));
  }

  private JsonNode mask(JsonNode value, List<JsonNode> schemas) {
    if (sensitive(schemas) && !value.isNull()) {
      return JsonNodeFactory.instance.stringNode(MASK);
    }
    if (value instanceof ObjectNode object) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        copy.set(field.getKey(), mask(field.getValue(), nodes.propertySchemas(schemas, field.getKey(), true)));
      }
      return copy;
    }
    if (value instanceof ArrayNode array) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      for (int i = 0; i < array.size(); i++) {
        copy.add(mask(array.get(i), nodes.itemSchemas(schemas, i, true)));
      }
      return copy;
    }
    return value.deepCopy();
  }

  /** Every sensitive value set in {@code config}, as text (the strings a tool output must not carry). */
  public Set<String> sensitiveValues(JsonNode config) {
    Set<String> values = new LinkedHashSet<>();
    collectSensitive(config, List.of(closed), false, values);
    return values;
  }

  private void collectSensitive(JsonNode value, List<JsonNode> schemas, boolean inside, Set<String> values) {
    boolean now = inside || sensitive(schemas);
    if (value instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> field : object.properties()) {
        collectSensitive(field.getValue(), nodes.propertySchemas(schemas, field.getKey(), true), now, values);
      }
    } else if (value instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        collectSensitive(array.get(i), nodes.itemSchemas(schemas, i, true), now, values);
      }
    } else if (now && value.isValueNode() && !value.isNull()) {
      String text = value.asString();
      if (!text.isBlank()) { // whitespace is no secret, and redacting it would garble every text
        values.add(text);
      }
    }
  }

  /**
   * {@code incoming} with each sensitive value that is exactly {@link #MASK} replaced by the value
   * {@code current} holds there (or removed when it holds none): a client may send back what it read.
   */
  public ObjectNode restoreMasked(ObjectNode incoming, ObjectNode current) {
    ObjectNode copy = incoming.deepCopy();
    restore(copy, current, List.of(closed));
    return copy;
  }

  private void restore(ObjectNode incoming, JsonNode current, List<JsonNode> schemas) {
    for (String name : List.copyOf(incoming.propertyNames())) {
      JsonNode value = incoming.get(name);
      List<JsonNode> propertySchemas = nodes.propertySchemas(schemas, name, true);
      JsonNode previous = current == null ? null : current.get(name);
      if (sensitive(propertySchemas) && value.isString() && value.stringValue().equals(MASK)) {
        if (previous == null) {
          incoming.remove(name);
        } else {
          incoming.set(name, previous.deepCopy());
        }
      } else if (value instanceof ObjectNode child) {
        restore(child, previous, propertySchemas);
      }
    }
  }

  /** Whether a value described by {@code schemas} is sensitive. */
  boolean sensitive(List<JsonNode> schemas) {
    for (JsonNode schema : nodes.inPlace(schemas, true)) {
      if (schema.path("writeOnly").asBoolean(false)) {
        return true;
      }
    }
    return false;
  }

  /** Whether top-level property {@code name} is sensitive. */
  public boolean sensitiveProperty(String name) {
    return sensitive(nodes.propertySchemas(List.of(closed), name, true));
  }

  static String escape(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
