package ai.tyrum.gateway.lib.json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The SHA-256 and the length of a value's canonical JSON ({@link Json#canonical}), computed by
 * streaming the canonical UTF-8 bytes into the digest instead of writing the JSON out first.
 *
 * @param sha256 lowercase hex SHA-256 of the canonical JSON's UTF-8 bytes
 * @param bytes how many UTF-8 bytes the canonical JSON has
 */
public record CanonicalDigest(String sha256, long bytes) {

  /**
   * A thread's digest and buffer between calls, kept because allocating them costs about a third of
   * hashing a 1 KiB input. Only JDK types, so that a pooled thread that outlives this bundle does not
   * keep its class loader.
   */
  private static final ThreadLocal<Map.Entry<MessageDigest, byte[]>> IDLE = new ThreadLocal<>();

  /**
   * The digest of {@code value}, which may be anything {@link Json#canonical} accepts.
   *
   * @throws IllegalArgumentException where {@link Json#canonical} throws it: NaN or infinite numbers,
   *     non-string keys, strings with unpaired surrogates
   */
  public static CanonicalDigest of(Object value) {
    // taken for the call: a value whose own serialisation hashes another value gets fresh ones, and
    // a call that fails drops its half-fed digest instead of handing it back
    Map.Entry<MessageDigest, byte[]> idle = IDLE.get();
    IDLE.set(null);
    Writer writer = idle == null ? new Writer(newSha256(), new byte[1024]) : new Writer(idle.getKey(), idle.getValue());
    writer.value(value);
    CanonicalDigest digest = writer.finish();
    IDLE.set(idle == null ? Map.entry(writer.sha256, writer.buffer) : idle);
    return digest;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Writes canonical JSON as UTF-8 into a SHA-256 through a small buffer. */
  private static final class Writer {

    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};

    /**
     * The Latin-1 characters a string scan stops at: those RFC 8785 §3.2.2.2 escapes ({@code "},
     * {@code \} and controls) and those UTF-8 writes as two bytes. The others are ASCII, one byte each.
     */
    private static final boolean[] STOP = new boolean[256];

    static {
      for (int c = 0; c < 0x20; c++) {
        STOP[c] = true;
      }
      STOP['"'] = true;
      STOP['\\'] = true;
      for (int c = 0x80; c < 0x100; c++) {
        STOP[c] = true;
      }
    }

    private final MessageDigest sha256;
    private final byte[] buffer;
    private int position;
    private long digested;
    /** Numbers are written by Json's own rules, as text, then copied over; made when first needed. */
    private StringBuilder numberText;

    Writer(MessageDigest sha256, byte[] buffer) {
      this.sha256 = sha256;
      this.buffer = buffer;
    }

    CanonicalDigest finish() {
      flush();
      return new CanonicalDigest(HexFormat.of().formatHex(sha256.digest()), digested);
    }

    /** As {@code Json.writeValue}, in the same order of type tests. */
    void value(Object value) {
      if (value == null) {
        write(NULL);
      } else if (value instanceof String text) {
        string(text);
      } else if (value instanceof Boolean bool) {
        write(bool ? TRUE : FALSE);
      } else if (value instanceof Number number) {
        StringBuilder text = numberText();
        Json.writeNumber(text, number);
        ascii(text);
      } else if (value instanceof JsonNode node) {
        node(node);
      } else if (value instanceof Map<?, ?> map) {
        write('{');
        String[] keys = Json.sortedKeys(map);
        for (int i = 0; i < keys.length; i++) {
          if (i > 0) {
            write(',');
          }
          string(keys[i]);
          write(':');
          value(map.get(keys[i]));
        }
        write('}');
      } else if (value instanceof Iterable<?> iterable) {
        write('[');
        boolean first = true;
        for (Object element : iterable) {
          if (!first) {
            write(',');
          }
          first = false;
          value(element);
        }
        write(']');
      } else if (value instanceof Character character) {
        string(character.toString());
      } else {
        node(Json.MAPPER.valueToTree(value));
      }
    }

    /** As {@code Json.writeNode}. */
    private void node(JsonNode node) {
      if (node.isObject()) {
        String[] names = Json.sortedNames(node);
        write('{');
        for (int i = 0; i < names.length; i++) {
          if (i > 0) {
            write(',');
          }
          string(names[i]);
          write(':');
          node(node.get(names[i]));
        }
        write('}');
      } else if (node.isArray()) {
        write('[');
        for (int i = 0; i < node.size(); i++) {
          if (i > 0) {
            write(',');
          }
          node(node.get(i));
        }
        write(']');
      } else if (node.isString()) {
        string(node.stringValue());
      } else if (node.isNumber()) {
        StringBuilder text = numberText();
        Json.writeNumber(text, node);
        ascii(text);
      } else if (node.isBoolean()) {
        write(node.booleanValue() ? TRUE : FALSE);
      } else if (node.isNull() || node.isMissingNode()) {
        write(NULL);
      } else if (node.isBinary()) {
        string(node.asString());
      } else {
        throw new IllegalArgumentException("not a JSON value: " + node.getNodeType());
      }
    }

    private StringBuilder numberText() {
      if (numberText == null) {
        numberText = new StringBuilder(32);
      }
      numberText.setLength(0);
      return numberText;
    }

    /**
     * RFC 8785 §3.2.2.2 in UTF-8: runs of ASCII that needs no escape are copied in bulk, the characters
     * between them are escaped or encoded one by one.
     */
    private void string(String text) {
      write('"');
      int run = 0; // start of the current run of plain ASCII
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        // one table load per character: the scan is most of the cost of a long string
        if (c > 0xff || STOP[c]) {
          ascii(text, run, i);
          if (c < 0x80) {
            escape(c);
          } else if (c < 0x800) {
            write((byte) (0xc0 | c >> 6));
            write((byte) (0x80 | c & 0x3f));
          } else if (!Character.isSurrogate(c)) {
            write((byte) (0xe0 | c >> 12));
            write((byte) (0x80 | c >> 6 & 0x3f));
            write((byte) (0x80 | c & 0x3f));
          } else if (Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1))) {
            int codePoint = Character.toCodePoint(c, text.charAt(++i));
            write((byte) (0xf0 | codePoint >> 18));
            write((byte) (0x80 | codePoint >> 12 & 0x3f));
            write((byte) (0x80 | codePoint >> 6 & 0x3f));
            write((byte) (0x80 | codePoint & 0x3f));
          } else {
            throw new IllegalArgumentException("string contains an unpaired surrogate at index " + i);
          }
          run = i + 1;
        }
      }
      ascii(text, run, text.length());
      write('"');
    }

    /** Copies {@code text[from, to)}, which is all ASCII, through the buffer. */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) keeps the low byte, exact for ASCII
    private void ascii(String text, int from, int to) {
      while (from < to) {
        if (position == buffer.length) {
          flush();
        }
        int length = Math.min(to - from, buffer.length - position);
        text.getBytes(from, from + length, buffer, position);
        position += length;
        from += length;
      }
    }

    private void escape(char c) {
      write('\\');
      switch (c) {
        case '"' -> write('"');
        case '\\' -> write('\\');
        case '\b' -> write('b');
        case '\f' -> write('f');
        case '\n' -> write('n');
        case '\r' -> write('r');
        case '\t' -> write('t');
        default -> {
          write('u');
          write('0');
          write('0');
          write(Character.forDigit(c >> 4, 16));
          write(Character.forDigit(c & 0xf, 16));
        }
      }
    }

    private void ascii(CharSequence text) {
      for (int i = 0; i < text.length(); i++) {
        write((byte) text.charAt(i));
      }
    }

    private void write(char c) {
      write((byte) c);
    }

    private void write(byte b) {
      if (position == buffer.length) {
        flush();
      }
      buffer[position++] = b;
    }

    private void write(byte[] bytes) {
      for (byte b : bytes) {
        write(b);
      }
    }

    private void flush() {
      sha256.update(buffer, 0, position);
      digested += position;
      position = 0;
    }
  }
}
