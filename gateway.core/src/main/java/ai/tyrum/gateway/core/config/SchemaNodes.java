package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.lib.schema.Schemas;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Reads a JSON Schema document as data: which subschemas apply in place to the same instance, and which
 * apply to a property or an item of it. Property names are only ever looked up as keys, never
 * interpreted, so names such as {@code $ref} or {@code __proto__} are plain names. Only local references
 * ({@code #} and {@code #/json/pointer}) are followed: plugin schemas cannot fetch anything (see
 * {@code Schemas}).
 */
final class SchemaNodes {

  /** Applicators whose subschemas always apply to the same instance (JSON Schema 2020-12 §10.2.1). */
  private static final List<String> ALWAYS_IN_PLACE = List.of("allOf");
  /** Applicators whose subschemas apply to the same instance only when some condition holds. */
  private static final List<String> CONDITIONAL_ARRAYS = List.of("anyOf", "oneOf");
  private static final List<String> CONDITIONAL_SINGLE = List.of("if", "then", "else");

  private final JsonNode root;

  SchemaNodes(JsonNode root) {
    this.root = root;
  }

  JsonNode root() {
    return root;
  }

  /**
   * {@code schema} and every subschema applied in place to the same instance, following local
   * {@code $ref}s, each once (reference cycles end).
   *
   * @param conditional whether to include branches that apply only sometimes ({@code anyOf},
   *     {@code oneOf}, {@code if}/{@code then}/{@code else}, {@code dependentSchemas})
   */
  List<JsonNode> inPlace(JsonNode schema, boolean conditional) {
    List<JsonNode> found = new ArrayList<>();
    collect(schema, conditional, Collections.newSetFromMap(new IdentityHashMap<>()), found);
    return found;
  }

  List<JsonNode> inPlace(List<JsonNode> schemas, boolean conditional) {
    List<JsonNode> found = new ArrayList<>();
    Set<JsonNode> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (JsonNode schema : schemas) {
      collect(schema, conditional, seen, found);
    }
    return found;
  }

  private void collect(JsonNode schema, boolean conditional, Set<JsonNode> seen, List<JsonNode> found) {
    if (schema == null || !schema.isObject() || !seen.add(schema)) {
      return;
    }
    found.add(schema);
    for (String keyword : ALWAYS_IN_PLACE) {
      schema.path(keyword).forEach(branch -> collect(branch, conditional, seen, found));
    }
    reference(schema).ifPresent(target -> collect(target, conditional, seen, found));
    if (conditional) {
      for (String keyword : CONDITIONAL_ARRAYS) {
        schema.path(keyword).forEach(branch -> collect(branch, true, seen, found));
      }
      for (String keyword : CONDITIONAL_SINGLE) {
        collect(schema.get(keyword), true, seen, found);
      }
      JsonNode dependent = schema.path("dependentSchemas");
      if (dependent.isObject()) {
        dependent.values().forEach(branch -> collect(branch, true, seen, found));
      }
    }
  }

  /** Whether {@code schema} itself uses an applicator that evaluates the same instance elsewhere. */
  static boolean hasInPlaceApplicator(JsonNode schema) {
    for (String keyword : List.of("allOf", "anyOf", "oneOf", "if", "dependentSchemas", "$ref", "$dynamicRef")) {
      if (schema.has(keyword)) {
        return true;
      }
    }
    return false;
  }

  /** The target of a local {@code $ref} of {@code schema}. */
  Optional<JsonNode> reference(JsonNode schema) {
    JsonNode ref = schema.get("$ref");
    if (ref == null || !ref.isString()) {
      return Optional.empty();
    }
    return resolve(ref.stringValue());
  }

  /** Resolves {@code #} or {@code #/json/pointer} (RFC 6901, URI fragment encoded) in this document. */
  Optional<JsonNode> resolve(String ref) {
    if (!ref.startsWith("#")) {
      return Optional.empty();
    }
    String fragment = URLDecoder.decode(ref.substring(1).replace("+", "%2B"), StandardCharsets.UTF_8);
    if (fragment.isEmpty()) {
      return Optional.of(root);
    }
    if (!fragment.startsWith("/")) {
      return Optional.empty(); // a plain-name anchor: not used by plugin schemas
    }
    JsonNode node = root;
    for (String token : fragment.substring(1).split("/", -1)) {
      String name = token.replace("~1", "/").replace("~0", "~");
      if (node.isArray()) {
        try {
          node = node.get(Integer.parseInt(name));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      } else {
        node = node.get(name);
      }
      if (node == null) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** Every subschema that applies to property {@code name} of an instance that {@code schemas} describe. */
  List<JsonNode> propertySchemas(List<JsonNode> schemas, String name, boolean conditional) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode schema : inPlace(schemas, conditional)) {
      boolean matched = false;
      JsonNode properties = schema.path("properties");
      if (properties.isObject() && properties.has(name)) {
        found.add(properties.get(name));
        matched = true;
      }
      JsonNode patterns = schema.path("patternProperties");
      if (patterns.isObject()) {
        for (Map.Entry<String, JsonNode> pattern : patterns.properties()) {
          if (matches(pattern.getKey(), name)) {
            found.add(pattern.getValue());
            matched = true;
          }
        }
      }
      JsonNode additional = schema.get("additionalProperties");
      if (!matched && additional != null && additional.isObject()) {
        found.add(additional);
      }
    }
    return found;
  }

  /** Every subschema that applies to item {@code index} of an array instance that {@code schemas} describe. */
  List<JsonNode> itemSchemas(List<JsonNode> schemas, int index, boolean conditional) {
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode schema : inPlace(schemas, conditional)) {
      JsonNode prefix = schema.path("prefixItems");
      if (prefix.isArray() && index < prefix.size()) {
        found.add(prefix.get(index));
      } else if (schema.path("items").isObject()) {
        found.add(schema.get("items"));
      }
    }
    return found;
  }

  /** As the validator matches {@code patternProperties}, so that masking and validation agree on every name. */
  private static boolean matches(String regex, String name) {
    return Schemas.patternFinds(regex, name);
  }
}
