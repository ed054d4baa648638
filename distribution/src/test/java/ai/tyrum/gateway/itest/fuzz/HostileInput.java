package ai.tyrum.gateway.itest.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile input for the gateway's HTTP API, one class of attack each: JSON of the wrong
 * type, deep nesting, huge numbers, lone surrogates, duplicate keys, truncations, bytes that are not
 * UTF-8; path segments with broken escapes; odd methods.
 */
final class HostileInput {

  private HostileInput() {}

  /** A request body, shown as text in a failure report. */
  record Body(byte[] bytes) {
    static Body of(String text) {
      return new Body(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
      return ApiAnswers.describe(bytes);
    }
  }

  /** JSON values that break a naive reader: every one is valid JSON text unless it says otherwise. */
  static final List<String> HOSTILE_VALUES =
      List.of(
          "12", "-0", "1e308", "1e309", "-1e400", "1E-999999999", "1" + "0".repeat(400), "-" + "9".repeat(400) + ".5",
          "0.000000000000000000000000000001e-400", "true", "null", "[]", "{}", "\"\"", "\"\\ud800\"", "\"\\udc00x\"",
          "\"a\\u0000b\"", "\"\\ud83d\\ude00\"", "\"" + "x".repeat(70_000) + "\"", "[" .repeat(20) + "]".repeat(20),
          "\"%25%2e%2e\"", "\"../../etc/passwd\"", "\"<script>\"", "\"${jndi:ldap://x}\"", "\"plugin.echo.echo\"",
          "\"default\"", "\"DEFAULT\"", "\"a b\"", "\"-\"", "{\"text\":\"hi\"}", "[\"hi\"]");

  /** Request bodies: plausible objects with hostile values, and texts that are not one small JSON object. */
  static Arbitrary<byte[]> jsonBodies(List<String> keys) {
    Arbitrary<String> key = Arbitraries.oneOf(Arbitraries.of(keys), Arbitraries.of("", "__proto__", "\\ud800", "a\\u0000"));
    Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.of(HOSTILE_VALUES), nested());
    Arbitrary<String> object =
        Combinators.combine(key, value).as((k, v) -> "\"" + k + "\":" + v).list().ofMaxSize(4)
            .map(members -> "{" + String.join(",", members) + "}");
    Arbitrary<String> text =
        Arbitraries.frequencyOf(
            Tuple.of(6, object),
            Tuple.of(1, Combinators.combine(key, value, value).as((k, a, b) -> "{\"" + k + "\":" + a + ",\"" + k + "\":" + b + "}")),
            Tuple.of(1, Arbitraries.integers().between(1, 100_000).map(n -> "[".repeat(n) + "]".repeat(n))),
            Tuple.of(1, Arbitraries.integers().between(1, 100_000).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n))),
            Tuple.of(1, Arbitraries.of(HOSTILE_VALUES)),
            Tuple.of(1, Arbitraries.of("", " ", "{", "{\"a\"", "{\"a\":", "{\"a\":1,}", "{'a':1}", "{a:1}", "/* c */{}",
                "{}{}", "{} x", "NaN", "{\"a\":NaN}", "{\"a\":Infinity}", "\ufeff{}", "{\"a\":01}", "{\"a\":\"\t\"}")));
    Arbitrary<byte[]> bytes = text.map(t -> t.getBytes(StandardCharsets.UTF_8));
    return Arbitraries.frequencyOf(
        Tuple.of(8, bytes),
        // truncated anywhere
        Tuple.of(2, bytes.flatMap(b -> Arbitraries.integers().between(0, b.length).map(n -> java.util.Arrays.copyOf(b, n)))),
        // not UTF-8: an overlong form, a lone surrogate as bytes, a stray continuation byte, Latin-1
        Tuple.of(1, Combinators.combine(key, Arbitraries.of(new byte[] {(byte) 0xC0, (byte) 0xAF}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                new byte[] {(byte) 0x80}, new byte[] {(byte) 0xE9}, new byte[] {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}))
            .as((k, bad) -> concat(("{\"" + k + "\":\"").getBytes(StandardCharsets.UTF_8), bad, "\"}".getBytes(StandardCharsets.UTF_8)))));
  }

  private static Arbitrary<String> nested() {
    return Arbitraries.integers().between(1, 5000).map(n -> "[".repeat(n) + "1" + "]".repeat(n));
  }

  /** Path segments: names the API knows, and names that break decoding or routing. */
  static Arbitrary<String> segments(List<String> known) {
    return Arbitraries.oneOf(
        Arbitraries.of(known),
        Arbitraries.of("%", "%2", "%zz", "%25", "%2525", "%00", "%ff", "%C3%28", "%ED%A0%80", "%2e%2e", "..", ".", "a%2Fb", "a%5Cb",
            "%u0041", ";x=1", "~", "%20", "+", "%2B", "*", "%E2%80%AE", "x".repeat(300), "x".repeat(10_000), "\u00e9"),
        Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(8)
            .map(s -> s.replace("/", "%2F").replace("?", "%3F").replace("#", "%23").replace(" ", "%20")));
  }

  static Arbitrary<String> queries() {
    return Arbitraries.of("", "?agent=default", "?agent=ops", "?agent=%zz", "?agent=", "?agent=DEFAULT", "?agent=" + "a".repeat(5000),
        "?after=-1", "?after=0", "?after=99999999999999999999", "?after=abc", "?after=1e3", "?q=%", "?a=1&a=2", "?agent=default&agent=x",
        "?%=%", "?&&&", "?agent=%ED%A0%80");
  }

  static Arbitrary<String> methods() {
    return Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of("GET", "POST", "PUT", "DELETE")),
        Tuple.of(2, Arbitraries.of("PATCH", "OPTIONS", "TRACE", "CONNECT", "get", "Post", "FOO", "PROPFIND", "M-SEARCH")));
  }

  static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] p : parts) {
      length += p.length;
    }
    byte[] out = new byte[length];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }
}
