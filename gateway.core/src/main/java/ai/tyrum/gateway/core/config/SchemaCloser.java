package ai.tyrum.gateway.core.config;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Closes the objects of a config schema (DESIGN §3): every schema that describes an object and does not
 * say how to treat properties it does not name gets {@code additionalProperties: false}.
 *
 * <p>{@code additionalProperties} sees only the {@code properties} next to it, so closing each branch
 * of an {@code allOf} (or a {@code $ref} target) separately would reject every config that uses the
 * union of the branches. Where a schema combines others in place, it is closed once at the combining
 * level with {@code unevaluatedProperties: false} instead (2020-12 §11.3), which counts the properties
 * that any applied branch evaluated. Branches and {@code $defs} entries themselves are never closed;
 * the objects nested in their properties are.
 */
final class SchemaCloser {

  /** Keywords whose subschemas describe a child instance (a property value or an item). */
  private static final List<String> CHILD_MAPS = List.of("properties", "patternProperties");
  private static final List<String> CHILD_SINGLE =
      List.of("additionalProperties", "unevaluatedProperties", "items", "contains", "unevaluatedItems");
  /** Keywords whose subschemas apply to the same instance, or are definitions to be referenced. */
  private static final List<String> IN_PLACE_ARRAYS = List.of("allOf", "anyOf", "oneOf");
  private static final List<String> IN_PLACE_SINGLE = List.of("not", "if", "then", "else");
  private static final List<String> IN_PLACE_MAPS = List.of("dependentSchemas", "$defs", "definitions");

  private SchemaCloser() {}

  /** A closed copy of {@code schema}; {@code schema} itself is not changed. */
  static JsonNode close(JsonNode schema) {
    JsonNode copy = schema.deepCopy();
    SchemaNodes nodes = new SchemaNodes(copy);
    walk(nodes, copy, true);
    return copy;
  }

  /**
   * @param describesInstance whether {@code schema} is the whole description of an instance (the root,
   *     a property's or an item's schema), as opposed to a branch applied next to others
   */
  private static void walk(SchemaNodes nodes, JsonNode schema, boolean describesInstance) {
    if (!(schema instanceof ObjectNode object)) {
      return;
    }
    if (describesInstance && !saysHowToTreatOthers(object) && describesObject(nodes, object)) {
      object.put(SchemaNodes.hasInPlaceApplicator(object) ? "unevaluatedProperties" : "additionalProperties", false);
    }
    for (String keyword : CHILD_MAPS) {
      JsonNode map = object.get(keyword);
      if (map != null && map.isObject()) {
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
          walk(nodes, entry.getValue(), true);
        }
      }
    }
    for (String keyword : CHILD_SINGLE) {
      walk(nodes, object.get(keyword), true);
    }
    object.path("prefixItems").forEach(item -> walk(nodes, item, true));
    for (String keyword : IN_PLACE_ARRAYS) {
      object.path(keyword).forEach(branch -> walk(nodes, branch, false));
    }
    for (String keyword : IN_PLACE_SINGLE) {
      walk(nodes, object.get(keyword), false);
    }
    for (String keyword : IN_PLACE_MAPS) {
      JsonNode map = object.get(keyword);
      if (map != null && map.isObject()) {
        for (Map.Entry<String, JsonNode> entry : map.properties()) {
          walk(nodes, entry.getValue(), false);
        }
      }
    }
  }

  private static boolean saysHowToTreatOthers(ObjectNode schema) {
    return schema.has("additionalProperties") || schema.has("unevaluatedProperties");
  }

  /** Whether the instance is described as an object: by its type or by the properties it names. */
  private static boolean describesObject(SchemaNodes nodes, ObjectNode schema) {
    for (JsonNode applied : nodes.inPlace(schema, true)) {
      if (applied.has("properties") || applied.has("patternProperties") || isObjectType(applied.get("type"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean isObjectType(JsonNode type) {
    if (type == null) {
      return false;
    }
    if (type.isString()) {
      return type.stringValue().equals("object");
    }
    for (JsonNode each : type) {
      if (each.isString() && each.stringValue().equals("object")) {
        return true;
      }
    }
    return false;
  }
}
