package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.lib.json.Json;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.NumericNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Step 5 of the call path after the output contract: redaction of every string value that matches a
 * policy pattern (RE2/J, in linear time and within the call's deadline), then the size cap, which
 * truncates the longest strings (with a marker) and, failing that, trailing array elements, so that a
 * large answer arrives shortened rather than not at all.
 * Both work in place on a tree the gateway made from the plugin's output. Public for the benchmark
 * that measures the cap on its own.
 */
public final class OutputGuard {

  /** What a redacted match is replaced with. */
  static final String REDACTED = "[REDACTED]";

  private static final JsonMapper JSON = Json.MAPPER;
  /** Bounds the work a hostile output can cause; each round strictly shrinks the tree. */
  private static final int MAX_ROUNDS = 10_000;

  /**
   * Bytes each ASCII character takes inside a JSON string as {@link #JSON} writes it: 2 for the short
   * escapes of backspace, tab, newline, form feed, carriage return, quote and backslash; 6 for the other
   * control characters (a backslash-u escape); 1 for all else, slash and delete included.
   */
  private static final byte[] ASCII_BYTES = new byte[128];

  static {
    Arrays.fill(ASCII_BYTES, (byte) 1);
    Arrays.fill(ASCII_BYTES, 0, 0x20, (byte) 6);
    for (char c : "\b\t\n\f\r\"\\".toCharArray()) {
      ASCII_BYTES[c] = 2;
    }
  }

  private OutputGuard() {}

  /** The marker appended to a truncated string. */
  static String marker(int removed) {
    return "…[truncated " + removed + " characters]";
  }

  /**
   * Replaces every match of {@code patterns} in string values (not keys); returns how many. RE2/J
   * matches in time linear in the text, and the work stops at {@code deadline} ({@link System#nanoTime}),
   * checked between strings, patterns and matches, and every few thousand characters a match reads.
   *
   * @throws PastDeadline when the deadline passes first; the tree is then partly redacted, never shown
   */
  static int redact(JsonNode node, List<Pattern> patterns, long deadline) {
    if (patterns.isEmpty()) {
      return 0;
    }
    int count = 0;
    if (node instanceof ObjectNode object) {
      for (String name : new ArrayList<>(object.propertyNames())) {
        JsonNode value = object.get(name);
        if (value.isString()) {
          Redacted redacted = redact(value.stringValue(), patterns, deadline);
          if (redacted.count() > 0) {
            object.put(name, redacted.text());
            count += redacted.count();
          }
        } else {
          count += redact(value, patterns, deadline);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        JsonNode value = array.get(i);
        if (value.isString()) {
          Redacted redacted = redact(value.stringValue(), patterns, deadline);
          if (redacted.count() > 0) {
            array.set(i, array.stringNode(redacted.text()));
            count += redacted.count();
          }
        } else {
          count += redact(value, patterns, deadline);
        }
      }
    }
    return count;
  }

  /** The redaction ran past the call's deadline. */
  static final class PastDeadline extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PastDeadline() {
      super("the redaction ran past the call's deadline", null, false, false);
    }
  }

  private record Redacted(String text, int count) {}

  private static Redacted redact(String text, List<Pattern> patterns, long deadline) {
    int count = 0;
    for (Pattern pattern : patterns) {
      checkDeadline(deadline);
      Matcher matcher = pattern.matcher(new DeadlineText(text, deadline));
      StringBuilder out = null;
      int copied = 0;
      while (matcher.find()) {
        if (matcher.end() == matcher.start()) {
          continue; // an empty match redacts nothing
        }
        if (out == null) {
          out = new StringBuilder(text.length());
        }
        out.append(text, copied, matcher.start()).append(REDACTED);
        copied = matcher.end();
        count++;
        checkDeadline(deadline);
      }
      if (out != null) {
        text = out.append(text, copied, text.length()).toString();
      }
    }
    return new Redacted(text, count);
  }

  private static void checkDeadline(long deadline) {
    if (System.nanoTime() - deadline > 0) {
      throw new PastDeadline();
    }
  }

  /**
   * The text as the matcher reads it, with the deadline checked every {@value #READS_PER_CHECK} reads:
   * linear time is still time, and one string of an output has no size bound of its own.
   */
  static final class DeadlineText implements CharSequence {
    private static final int READS_PER_CHECK = 4096;

    private final String text;
    private final long deadline;
    private int reads;

    DeadlineText(String text, long deadline) {
      this.text = text;
      this.deadline = deadline;
    }

    @Override
    public char charAt(int index) {
      if (++reads == READS_PER_CHECK) {
        reads = 0;
        checkDeadline(deadline);
      }
      return text.charAt(index);
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }

  /**
   * UTF-8 size of {@code node} as {@link #JSON} writes it (at most {@link Integer#MAX_VALUE}), counted
   * rather than written: the count is exact, and writing would escape every string into a buffer only
   * to measure it.
   */
  static int size(JsonNode node) {
    return (int) Math.min(Integer.MAX_VALUE, count(node));
  }

  // in long, so that an output of more than 2 GiB of JSON cannot wrap round to a size under the cap
  private static long count(JsonNode node) {
    if (node instanceof ObjectNode object) {
      long size = 2 + Math.max(0, object.size() - 1);
      for (Map.Entry<String, JsonNode> property : object.properties()) {
        size += quoted(property.getKey()) + 1 + count(property.getValue());
      }
      return size;
    } else if (node instanceof ArrayNode array) {
      long size = 2 + Math.max(0, array.size() - 1);
      for (JsonNode element : array) {
        size += count(element);
      }
      return size;
    } else if (node.isString()) {
      return quoted(node.stringValue());
    } else if (node instanceof NumericNode number) {
      // Jackson writes every number as its own text, and NaN and the infinities quoted
      return number.asString().length() + (number.isNaN() ? 2 : 0);
    } else if (node.isBoolean()) {
      return node.booleanValue() ? 4 : 5;
    } else if (node.isNull()) {
      return 4;
    }
    return JSON.writeValueAsBytes(node).length; // binary, POJO and missing nodes: rare, so written out
  }

  /** Bytes of {@code text} as a JSON string: quotes, escapes, and UTF-8 for all else. */
  private static long quoted(String text) {
    int length = text.length();
    long size = 2;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        size += ASCII_BYTES[c];
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(text.charAt(i + 1))) {
        size += 4;
        i++;
      } else {
        size += Character.isSurrogate(c) ? 6 : 3; // a lone surrogate is written as an escape
      }
    }
    return size;
  }

  /** What {@link #cap} left: the JSON's size in bytes, and whether anything was cut. */
  public record Capped(int size, boolean truncated) {}

  /**
   * Shrinks {@code root} until its JSON is at most {@code max} bytes.
   *
   * @throws ToolCallException {@code output_too_large} if it cannot be shrunk that far
   */
  public static Capped cap(ObjectNode root, int max) {
    int size = size(root);
    if (size <= max) {
      return new Capped(size, false);
    }
    for (int round = 0; round < MAX_ROUNDS && size > max; round++) {
      List<Slot> strings = new ArrayList<>();
      collect(root, strings);
      Slot longest = strings.stream().max(Comparator.comparingInt(s -> s.text().length())).orElse(null);
      if (longest == null || longest.text().length() <= 64) {
        break; // short strings cannot pay for their marker: drop array elements instead
      }
      String text = longest.text();
      int excess = size - max;
      // bytes over the cap are at least as many characters to drop; the marker costs about 40 more
      int keep = Math.max(0, text.length() - excess - 48);
      if (keep > 0 && Character.isHighSurrogate(text.charAt(keep - 1))) {
        keep--;
      }
      longest.set(text.substring(0, keep) + marker(text.length() - keep));
      size = size(root);
    }
    for (int round = 0; round < MAX_ROUNDS && size > max; round++) {
      ArrayNode largest = largestArray(root);
      if (largest == null || largest.isEmpty()) {
        break;
      }
      largest.remove(largest.size() - 1);
      size = size(root);
    }
    if (size > max) {
      throw new ToolCallException(
          "output_too_large", 502, "the plugin's output is larger than " + max + " bytes even when truncated", List.of());
    }
    return new Capped(size, true);
  }

  /** A string value's place in the tree, so that it can be replaced. */
  private record Slot(JsonNode parent, String field, int index, String text) {
    void set(String value) {
      if (parent instanceof ObjectNode object) {
        object.put(field, value);
      } else {
        ((ArrayNode) parent).set(index, ((ArrayNode) parent).stringNode(value));
      }
    }
  }

  private static void collect(JsonNode node, List<Slot> slots) {
    if (node instanceof ObjectNode object) {
      for (Map.Entry<String, JsonNode> property : object.properties()) {
        if (property.getValue().isString()) {
          slots.add(new Slot(object, property.getKey(), -1, property.getValue().stringValue()));
        } else {
          collect(property.getValue(), slots);
        }
      }
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        if (array.get(i).isString()) {
          slots.add(new Slot(array, null, i, array.get(i).stringValue()));
        } else {
          collect(array.get(i), slots);
        }
      }
    }
  }

  private static ArrayNode largestArray(JsonNode node) {
    ArrayNode best = node instanceof ArrayNode array && !array.isEmpty() ? array : null;
    for (JsonNode child : node) {
      ArrayNode candidate = largestArray(child);
      if (candidate != null && (best == null || size(candidate) > size(best))) {
        best = candidate;
      }
    }
    return best;
  }
}
