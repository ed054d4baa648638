package ai.tyrum.gateway.core.invoke;

import ai.tyrum.gateway.lib.json.Json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;

import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The escapes {@link OutputGuard#size} counts are Jackson's own, byte for byte. */
class OutputGuardTest {

  private static final JsonMapper JSON = Json.MAPPER;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  @Test
  void controlCharactersWithAShortEscapeCountTwoBytes() {
    assertSizeOfString("\b\t\n\f\r", 2 + 5 * 2);
  }

  @Test
  void quoteAndBackslashCountTwoBytes() {
    assertSizeOfString("\"\\", 2 + 2 * 2);
  }

  @Test
  void otherControlCharactersCountSixBytesEach() {
    assertSizeOfString("\u0000\u000b\u001f", 2 + 3 * 6);
  }

  @Test
  void slashAndDeleteAreWrittenRaw() {
    assertSizeOfString("/\u007f", 2 + 2);
  }

  @Test
  void nonAsciiCountsItsUtf8Bytes() {
    assertSizeOfString("é", 2 + 2);
    assertSizeOfString("€", 2 + 3);
    assertSizeOfString("\uD83D\uDE00", 2 + 4);
  }

  @Test
  void loneSurrogatesCountSixBytesAsJacksonEscapesThem() {
    assertSizeOfString("\uD83D", 2 + 6);
    assertSizeOfString("\uDE00\uD83D", 2 + 12);
    assertSizeOfString("a\uD83D", 2 + 1 + 6);
  }

  @Test
  void propertyNamesAreEscapedLikeValues() {
    ObjectNode object = NODES.objectNode();
    object.put("\n\uD83D", 1);
    assertSize(object, "{\"\\n\\uD83D\":1}".length());
  }

  @Test
  void nonFiniteNumbersCountAsTheStringsJacksonWrites() {
    assertSize(NODES.numberNode(Double.NaN), "\"NaN\"".length());
    assertSize(NODES.numberNode(Float.NEGATIVE_INFINITY), "\"-Infinity\"".length());
  }

  @Test
  void binaryPojoAndMissingNodesCountWhatJacksonWrites() {
    ObjectNode object = NODES.objectNode();
    object.set("bytes", NODES.binaryNode(new byte[] {1, 2, 3, 4, 5}));
    object.set("pojo", NODES.pojoNode(List.of("a", 1)));
    object.set("missing", NODES.missingNode());
    assertThat(OutputGuard.size(object)).isEqualTo(JSON.writeValueAsBytes(object).length);
  }

  @Test
  void surrogatePairsAtEveryPlaceAroundJacksonsSegmentsCountFourBytes() {
    for (int at = 900; at < 1100; at++) {
      assertSizeOfString("a".repeat(at) + "\uD83D\uDE00" + "b".repeat(2000), 2 + at + 4 + 2000);
    }
  }

  private static void assertSizeOfString(String text, int expected) {
    assertSize(NODES.stringNode(text), expected);
  }

  private static void assertSize(JsonNode node, int expected) {
    assertThat(JSON.writeValueAsBytes(node)).hasSize(expected);
    assertThat(OutputGuard.size(node)).isEqualTo(expected);
  }

  private static final long NO_DEADLINE = System.nanoTime() + java.util.concurrent.TimeUnit.DAYS.toNanos(1);

  private static ObjectNode textOf(String text) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("text", text);
    return node;
  }

  @Test
  void redactionReplacesEachNonEmptyMatchOfEachPattern() {
    ObjectNode node = textOf("a=1 b=2 sk-xyz");
    int count = OutputGuard.redact(node, List.of(Pattern.compile("\\w=\\d"), Pattern.compile("sk-[a-z]+"), Pattern.compile("q*")), NO_DEADLINE);
    assertThat(count).isEqualTo(3);
    assertThat(node.get("text").stringValue()).isEqualTo("[REDACTED] [REDACTED] [REDACTED]");
  }

  @Test
  void redactionPastTheDeadlineStopsBeforeTheNextPattern() {
    ObjectNode node = textOf("sk-abc");
    assertThatThrownBy(() -> OutputGuard.redact(node, List.of(Pattern.compile("sk-[a-z]+")), System.nanoTime() - 1))
        .isInstanceOf(OutputGuard.PastDeadline.class);
  }

  @Test
  void redactionPastTheDeadlineStopsInsideOneLongString() {
    // one string, one pattern, no match to pause at: the deadline is read while the matcher reads the text
    String text = "x".repeat(1 << 20);
    List<Pattern> one = List.of(Pattern.compile("y"));
    long passed = System.nanoTime() - 1;
    assertThatThrownBy(() -> one.get(0).matcher(new OutputGuard.DeadlineText(text, passed)).find())
        .isInstanceOf(OutputGuard.PastDeadline.class);
  }
}
