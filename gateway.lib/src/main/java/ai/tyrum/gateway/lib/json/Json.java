package ai.tyrum.gateway.lib.json;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The gateway's one JSON mapper and the canonical form (RFC 8785, JCS) that hashes are computed over.
 *
 * <p>Parsed values are plain JSON shapes: {@code LinkedHashMap}, {@code ArrayList}, {@code String},
 * {@code Integer}/{@code Long}/{@code BigInteger}, {@code Double}, {@code Boolean} and {@code null}.
 */
public final class Json {

  /**
   * Shared and thread-safe. Duplicate keys and trailing content are errors: a file that two readers
   * could understand differently (last key wins here, first key there) must not be accepted.
   */
  public static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** {@link #MAPPER}'s configuration, writing indented JSON for people (shell output, files they edit). */
  public static final ObjectWriter PRETTY = MAPPER.writerWithDefaultPrettyPrinter();

  private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {};

  /** Integral doubles up to 2^53 are exact, so their plain digits are already the shortest form. */
  private static final double EXACT_INTEGER_LIMIT = 9007199254740992.0;

  private Json() {}

  /** UTF-8 JSON of {@code value}. */
  public static byte[] bytes(Object value) {
    return MAPPER.writeValueAsBytes(value);
  }

  /** JSON text of {@code value}. */
  public static String string(Object value) {
    return MAPPER.writeValueAsString(value);
  }

  /**
   * Parses a JSON object.
   *
   * @throws tools.jackson.core.JacksonException if {@code json} is not well-formed JSON
   * @throws IllegalArgumentException if it is well-formed but not an object
   */
  public static Map<String, Object> object(String json) {
    return requireObject(MAPPER.readValue(json, OBJECT));
  }

  /** Parses a UTF-8 JSON object; fails like {@link #object(String)}. */
  public static Map<String, Object> object(byte[] json) {
    return requireObject(MAPPER.readValue(json, OBJECT));
  }

  private static Map<String, Object> requireObject(Map<String, Object> parsed) {
    // Jackson maps the literal null to a null Map; any other non-object already failed to bind.
    if (parsed == null) {
      throw new IllegalArgumentException("expected a JSON object, found null");
    }
    return parsed;
  }

  /**
   * The RFC 8785 canonical JSON of a JSON-shaped value: object keys sorted by UTF-16 code units, no
   * whitespace, strings with the minimal escapes, numbers in ECMAScript form.
   *
   * <p>One deliberate deviation: integral Java numbers ({@code Integer}, {@code Long},
   * {@code BigInteger}, ...) are written as their exact digits instead of being rounded to a double
   * first, so that large ids and counters keep their value. Doubles follow JCS exactly.
   *
   * <p>Values other than maps, iterables, strings, numbers, booleans and null (records, enums,
   * {@code JsonNode}s) are first turned into a JSON tree by {@link #MAPPER}.
   *
   * @throws IllegalArgumentException for NaN or infinite numbers, non-string keys, or strings with
   *     unpaired surrogates, none of which JCS can represent
   */
  public static String canonical(Object value) {
    StringBuilder out = new StringBuilder(128);
    writeValue(out, value);
    return out.toString();
  }

  /**
   * A value's canonical JSON and the value as reading that JSON back gives it.
   *
   * @param text the RFC 8785 canonical JSON, as {@link #canonical} writes it
   * @param value what {@link #MAPPER} reads from {@code text}: maps in key order, lists, strings,
   *     the narrowest of Integer, Long and BigInteger for integral numbers, Double for the others
   */
  public record Canonical(String text, Object value) {}

  /**
   * The canonical JSON of {@code value} and the value as it reads back, in one walk: cheaper than
   * writing then parsing, for a caller that keeps both (the audit log hashes the one and serves the
   * other).
   *
   * @throws IllegalArgumentException as {@link #canonical} does
   */
  public static Canonical canonicalForm(Object value) {
    StringBuilder out = new StringBuilder(256);
    Object read = writeValue(out, value);
    return new Canonical(out.toString(), read);
  }

  /** Writes {@code value} and returns it as reading the written JSON back gives it. */
  private static Object writeValue(StringBuilder out, Object value) {
    if (value == null) {
      out.append("null");
      return null;
    } else if (value instanceof String text) {
      writeString(out, text);
      return text;
    } else if (value instanceof Boolean bool) {
      out.append(bool.booleanValue());
      return bool;
    } else if (value instanceof Number number) {
      return writeNumber(out, number);
    } else if (value instanceof JsonNode node) {
      return writeNode(out, node); // before Iterable: every JsonNode is one, a string node included
    } else if (value instanceof Map<?, ?> map) {
      return writeObject(out, map);
    } else if (value instanceof Iterable<?> iterable) {
      return writeArray(out, iterable);
    } else if (value instanceof Character character) {
      writeString(out, character.toString());
      return character.toString();
    } else {
      return writeNode(out, MAPPER.valueToTree(value));
    }
  }

  /**
   * The keys of a JSON object in canonical order; {@code map.get} gives each one's value, which may be
   * null. Sorting the keys alone spares an entry object per member.
   *
   * @throws IllegalArgumentException if a key is not a string
   */
  static String[] sortedKeys(Map<?, ?> map) {
    String[] keys = new String[map.size()];
    int i = 0;
    for (Object key : map.keySet()) {
      if (!(key instanceof String name)) {
        throw new IllegalArgumentException("JSON object keys must be strings: " + key);
      }
      keys[i++] = name;
    }
    // String.compareTo compares UTF-16 code units, which is exactly the order RFC 8785 §3.2.3 asks for.
    Arrays.sort(keys);
    return keys;
  }

  /** The property names of an object node in canonical order, as {@link #sortedKeys}. */
  static String[] sortedNames(JsonNode object) {
    String[] names = object.propertyNames().toArray(String[]::new);
    Arrays.sort(names);
    return names;
  }

  private static Map<String, Object> writeObject(StringBuilder out, Map<?, ?> map) {
    String[] keys = sortedKeys(map);
    Map<String, Object> read = new LinkedHashMap<>(Math.max(4, keys.length * 2));
    out.append('{');
    for (int i = 0; i < keys.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      writeString(out, keys[i]);
      out.append(':');
      read.put(keys[i], writeValue(out, map.get(keys[i])));
    }
    out.append('}');
    return read;
  }

  private static List<Object> writeArray(StringBuilder out, Iterable<?> values) {
    List<Object> read = new ArrayList<>();
    out.append('[');
    boolean first = true;
    for (Object element : values) {
      if (!first) {
        out.append(',');
      }
      first = false;
      read.add(writeValue(out, element));
    }
    out.append(']');
    return read;
  }

  private static Object writeNode(StringBuilder out, JsonNode node) {
    if (node.isObject()) {
      String[] names = sortedNames(node);
      Map<String, Object> read = new LinkedHashMap<>(Math.max(4, names.length * 2));
      out.append('{');
      for (int i = 0; i < names.length; i++) {
        if (i > 0) {
          out.append(',');
        }
        writeString(out, names[i]);
        out.append(':');
        read.put(names[i], writeNode(out, node.get(names[i])));
      }
      out.append('}');
      return read;
    } else if (node.isArray()) {
      List<Object> read = new ArrayList<>(node.size());
      out.append('[');
      for (int i = 0; i < node.size(); i++) {
        if (i > 0) {
          out.append(',');
        }
        read.add(writeNode(out, node.get(i)));
      }
      out.append(']');
      return read;
    } else if (node.isString()) {
      writeString(out, node.stringValue());
      return node.stringValue();
    } else if (node.isNumber()) {
      return writeNumber(out, node);
    } else if (node.isBoolean()) {
      out.append(node.booleanValue());
      return node.booleanValue();
    } else if (node.isNull() || node.isMissingNode()) {
      out.append("null");
      return null;
    } else if (node.isBinary()) {
      writeString(out, node.asString());
      return node.asString();
    } else {
      throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
    }
  }

  /** The type a JSON reader gives an integer: Integer, else Long, else BigInteger, by range. */
  private static Number narrowest(BigInteger integer) {
    if (integer.bitLength() < 32) {
      return integer.intValue();
    }
    if (integer.bitLength() < 64) {
      return integer.longValue();
    }
    return integer;
  }

  private static Number narrowest(long integer) {
    return integer == (int) integer ? (Number) (int) integer : (Number) integer;
  }

  /** RFC 8785 §3.2.2.2: only {@code "}, {@code \} and control characters are escaped. */
  private static void writeString(StringBuilder out, String text) {
    out.ensureCapacity(out.length() + text.length() + 2);
    out.append('"');
    // most strings need no escape at all: copy the run that does not in one append
    int plain = 0;
    while (plain < text.length()) {
      char c = text.charAt(plain);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        break;
      }
      plain++;
    }
    if (plain == text.length()) {
      out.append(text).append('"'); // String's own bulk copy
      return;
    }
    out.append(text, 0, plain);
    for (int i = plain; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
          } else if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            out.append(c).append(text.charAt(++i));
          } else if (Character.isSurrogate(c)) {
            throw new IllegalArgumentException("string contains an unpaired surrogate at index " + i);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  /** Writes a number node as the Java number it holds would be written. */
  static Number writeNumber(StringBuilder out, JsonNode number) {
    if (number.isIntegralNumber()) {
      BigInteger integer = number.bigIntegerValue();
      out.append(integer);
      return narrowest(integer);
    } else if (number.isFloat()) {
      return writeDouble(out, Double.parseDouble(Float.toString(number.floatValue()))); // as for a Float
    } else {
      return writeDouble(out, number.doubleValue());
    }
  }

  /**
   * Writes {@code number} (RFC 8785 §3.2.2.3, integers exact as {@link #canonical} says) and returns
   * it as reading the written JSON back gives it.
   *
   * @throws IllegalArgumentException for NaN and infinities
   */
  static Number writeNumber(StringBuilder out, Number number) {
    if (number instanceof Integer
        || number instanceof Long
        || number instanceof Short
        || number instanceof Byte
        || number instanceof AtomicInteger
        || number instanceof AtomicLong) {
      out.append(number.longValue());
      return narrowest(number.longValue());
    } else if (number instanceof BigInteger integer) {
      out.append(integer);
      return narrowest(integer);
    } else if (number instanceof Float f) {
      // Jackson writes a float as its shortest float digits and reads them back as a double; using
      // the same digits here keeps a value's hash stable across a write and a read.
      return writeDouble(out, Double.parseDouble(f.toString()));
    } else {
      return writeDouble(out, number.doubleValue());
    }
  }

  /** ECMAScript Number::toString (ECMA-262 §7.1.12.1), as RFC 8785 §3.2.2.3 requires. */
  private static Number writeDouble(StringBuilder out, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("JSON has no representation for " + value);
    }
    if (value == 0) {
      out.append('0'); // also for -0
      return 0;
    }
    if (value == Math.rint(value) && Math.abs(value) <= EXACT_INTEGER_LIMIT) {
      out.append((long) value);
      return narrowest((long) value);
    }
    int start = out.length();
    if (value < 0) {
      out.append('-');
    }
    BigDecimal shortest = shortest(Math.abs(value)).stripTrailingZeros();
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = digits × 10^(n − k)
    if (k <= n && n <= 21) {
      out.append(digits).append("0".repeat(n - k));
      // plain digits read back as an integer
      return narrowest(new BigInteger(out.substring(start)));
    } else if (0 < n && n <= 21) {
      out.append(digits, 0, n).append('.').append(digits, n, k);
    } else if (-6 < n && n <= 0) {
      out.append("0.").append("0".repeat(-n)).append(digits);
    } else {
      out.append(digits.charAt(0));
      if (k > 1) {
        out.append('.').append(digits, 1, k);
      }
      out.append('e').append(n - 1 < 0 ? '-' : '+').append(Math.abs(n - 1));
    }
    return value; // the shortest digits read back as this very double
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code value}, and among those
   * the closest to it. Double.toString is not shortest before JDK 19 (JDK-4511638), so this searches:
   * at each precision the correctly rounded decimal is the closest candidate, and where the rounding
   * interval is lopsided (at powers of two) a neighbour one unit away may be the only one that fits.
   */
  private static BigDecimal shortest(double value) {
    BigDecimal exact = new BigDecimal(value);
    for (int precision = 1; precision <= 17; precision++) {
      BigDecimal rounded = exact.round(new MathContext(precision, RoundingMode.HALF_EVEN));
      if (rounded.doubleValue() == value) {
        return rounded;
      }
      BigDecimal unit = rounded.ulp();
      BigDecimal best = null;
      for (BigDecimal candidate : List.of(rounded.subtract(unit), rounded.add(unit))) {
        if (candidate.signum() > 0
            && candidate.doubleValue() == value
            && (best == null
                || candidate.subtract(exact).abs().compareTo(best.subtract(exact).abs()) < 0)) {
          best = candidate;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return exact.round(MathContext.DECIMAL64); // unreachable: 17 digits always round-trip
  }
}
