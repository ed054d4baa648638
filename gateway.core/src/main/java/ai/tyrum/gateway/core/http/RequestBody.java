package ai.tyrum.gateway.core.http;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A request's JSON object body read field by field: every field it holds must be one the route takes,
 * with the type the route expects. A field of the wrong type is refused, never read as a default, so
 * that {@code {"agent":{"x":1}}} cannot quietly run as the default agent.
 */
final class RequestBody {

  /** How much of a field name an error repeats. */
  private static final int MAX_NAME = 100;

  private final ObjectNode json;

  /** @throws ApiError 400 {@code invalid_request} naming the first field {@code json} holds that is not one of {@code fields} */
  RequestBody(ObjectNode json, Set<String> fields) {
    this.json = json;
    for (Iterator<String> names = json.propertyNames().iterator(); names.hasNext(); ) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw new ApiError(400, "invalid_request",
            "the body holds a field this request does not take: " + pointer(name)
                + (fields.isEmpty() ? "; it takes none" : "; it takes " + String.join(", ", new TreeSet<>(fields))),
            List.of(pointer(name)));
      }
    }
  }

  /** String field {@code name}, empty when absent or null; 400 {@code invalid_request} when it is not a string. */
  Optional<String> string(String name) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isString()) {
      throw wrongType(name, "a string", value);
    }
    return Optional.of(value.asString());
  }

  /** String field {@code name}, which must be there. */
  String requiredString(String name) {
    return string(name).orElseThrow(() -> missing(name, "a string"));
  }

  /**
   * Field {@code name} as a list of strings, empty when absent or null; 400 {@code invalid_request} with
   * the pointer of the element at fault when it is not an array of strings.
   */
  List<String> strings(String name) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (!value.isArray()) {
      throw wrongType(name, "an array of strings", value);
    }
    List<String> strings = new ArrayList<>();
    for (int i = 0; i < value.size(); i++) {
      JsonNode element = value.get(i);
      if (!element.isString()) {
        String pointer = pointer(name) + "/" + i;
        throw new ApiError(400, "invalid_request", pointer + " must be a string, not " + kind(element), List.of(pointer));
      }
      strings.add(element.asString());
    }
    return List.copyOf(strings);
  }

  /** Whether field {@code name} is there and not null. */
  boolean has(String name) {
    JsonNode value = json.get(name);
    return value != null && !value.isNull();
  }

  /** Object field {@code name}, which must be there. */
  ObjectNode requiredObject(String name) {
    JsonNode value = json.get(name);
    if (value == null || value.isNull()) {
      throw missing(name, "an object");
    }
    if (!(value instanceof ObjectNode object)) {
      throw wrongType(name, "an object", value);
    }
    return object;
  }

  private static ApiError missing(String name, String type) {
    return new ApiError(400, "invalid_request", "the body needs " + pointer(name) + ", " + type, List.of(pointer(name)));
  }

  private static ApiError wrongType(String name, String type, JsonNode value) {
    return new ApiError(400, "invalid_request",
        pointer(name) + " must be " + type + ", not " + kind(value), List.of(pointer(name)));
  }

  /** The JSON pointer (RFC 6901) of top-level field {@code name}, cut short if a client sent a huge name. */
  static String pointer(String name) {
    String pointer = "/" + name.replace("~", "~0").replace("/", "~1");
    return pointer.length() <= MAX_NAME ? pointer : pointer.substring(0, MAX_NAME) + "...";
  }

  private static String kind(JsonNode value) {
    if (value.isObject()) {
      return "an object";
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    return value.isString() ? "a string" : "another JSON value";
  }
}
