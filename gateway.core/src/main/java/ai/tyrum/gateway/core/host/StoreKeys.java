package ai.tyrum.gateway.core.host;

import ai.tyrum.gateway.api.PluginException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a private store accepts: its keys, and values that are JSON objects. */
final class StoreKeys {

  static final int MAX_KEY_CHARS = 256;
  /** Deeper values are refused before they are walked: canonical JSON recurses once per level. */
  static final int MAX_DEPTH = 64;

  private StoreKeys() {}

  /**
   * {@code key}, if it is 1 to {@value #MAX_KEY_CHARS} characters, each printable: no control, format or
   * separator character, no unpaired surrogate, nothing unassigned.
   *
   * @throws PluginException {@code invalid_key}
   */
  static String requireKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new PluginException("invalid_key", "a key is 1 to " + MAX_KEY_CHARS + " printable characters; this one is empty");
    }
    int count = key.codePointCount(0, key.length());
    if (count > MAX_KEY_CHARS) {
      throw new PluginException("invalid_key", "a key is at most " + MAX_KEY_CHARS + " characters; this one has " + count);
    }
    for (int i = 0; i < key.length(); ) {
      int c = key.codePointAt(i);
      if (!printable(c)) {
        throw new PluginException("invalid_key", String.format(
            "a key holds printable characters only; U+%04X at index %d is not", c, i));
      }
      i += Character.charCount(c);
    }
    return key;
  }

  private static boolean printable(int c) {
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
          Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR, Character.PRIVATE_USE -> false;
      default -> true;
    };
  }

  /**
   * A copy of {@code value}, if it is a JSON object made of maps with string keys, lists, strings,
   * numbers, booleans and nulls, at most {@value #MAX_DEPTH} levels deep. The copy is what gets stored:
   * a map the plugin changes meanwhile, or one that answers differently on a second walk, cannot slip
   * another kind of object past the check.
   *
   * @throws PluginException {@code invalid_value}
   */
  static Map<String, Object> requireObject(Map<String, Object> value) {
    if (value == null) {
      throw new PluginException("invalid_value", "a stored value is a JSON object, not null");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> copy = (Map<String, Object>) copy(value, "", 0);
    return copy;
  }

  private static Object copy(Object value, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new PluginException("invalid_value", "a stored value nests at most " + MAX_DEPTH + " levels; " + path + " is deeper");
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        if (!(entry.getKey() instanceof String name)) {
          throw new PluginException("invalid_value", "object keys are strings; " + (path.isEmpty() ? "/" : path) + " has another");
        }
        copy.put(name, copy(entry.getValue(), path + "/" + name, depth + 1));
      }
      return copy;
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>();
      int i = 0;
      for (Object element : list) {
        copy.add(copy(element, path + "/" + i++, depth + 1));
      }
      return copy;
    }
    if (!(value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Integer
        || value instanceof Long
        || value instanceof Short
        || value instanceof Byte
        || value instanceof BigInteger
        || value instanceof BigDecimal
        || value instanceof Double
        || value instanceof Float)) {
      throw new PluginException("invalid_value", (path.isEmpty() ? "/" : path) + " is a " + value.getClass().getName()
          + "; a stored value holds maps, lists, strings, numbers, booleans and nulls");
    }
    return value;
  }
}
