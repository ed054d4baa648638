package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.lib.json.UnpairedSurrogates;
import ai.tyrum.gateway.lib.schema.Schemas.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What no config may hold, whatever its schema says: values that cannot be stored and handed to a
 * plugin as they were written. Checked before the schema, so that the schema validator never sees them.
 *
 * <ul>
 *   <li>text with an unpaired UTF-16 surrogate, in a value or a property name: UTF-8 cannot store it;
 *   <li>an integer outside 64 bits: plugins read config integers as {@code long} (ConfigAdmin), and
 *       the schema validator cannot compare such numbers with every bound;
 *   <li>a number too large for a 64-bit float ({@code 1e400}): JSON readers make it infinity.
 * </ul>
 */
final class ConfigValues {

  static final String RANGE = "range";

  private ConfigValues() {}

  /** Every such value of {@code config}, with its JSON pointer; empty when it has none. */
  static List<Violation> unstorable(JsonNode config) {
    List<Violation> found = new ArrayList<>();
    for (UnpairedSurrogates.Place place : UnpairedSurrogates.in(config)) {
      found.add(new Violation(place.pointer(), "unicode", place.problem()));
    }
    numbers(config, "", found);
    return found;
  }

  private static void numbers(JsonNode node, String pointer, List<Violation> found) {
    if (node.isNumber()) {
      String problem = numberProblem(node);
      if (problem != null) {
        found.add(new Violation(pointer.isEmpty() ? "/" : pointer, RANGE, problem));
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        numbers(field.getValue(), pointer + "/" + ConfigSchema.escape(field.getKey()), found);
      }
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        numbers(node.get(i), pointer + "/" + i, found);
      }
    }
  }

  /** Why {@code number} cannot be stored as written, or null when it can. Never quotes it: it may be secret. */
  private static String numberProblem(JsonNode number) {
    if (number.isIntegralNumber()) {
      return number.canConvertToLong()
          ? null
          : "the integer has " + number.bigIntegerValue().abs().toString().length() + " digits; a config integer"
              + " lies between -9223372036854775808 and 9223372036854775807 (64 bits), as plugins read it";
    }
    // Number.doubleValue never throws, where JsonNode.doubleValue does for values out of range
    return Double.isFinite(number.numberValue().doubleValue())
        ? null
        : "the number is too large for a 64-bit floating-point value (its magnitude is above 1.8e308)";
  }
}
