package ai.tyrum.gateway.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.PluginException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreKeysTest {

  @Test
  void keysOfPrintableCharactersUpTo256AreAccepted() {
    assertThat(StoreKeys.requireKey("note-1")).isEqualTo("note-1");
    assertThat(StoreKeys.requireKey("a key with spaces / and ümlauts 🎉")).isNotNull();
    assertThat(StoreKeys.requireKey("k".repeat(256))).hasSize(256);
    assertThat(StoreKeys.requireKey("🎉".repeat(256))).hasSize(512);
  }

  @Test
  void emptyLongAndUnprintableKeysAreInvalid() {
    for (String key : new String[] {null, "", "k".repeat(257), "a\nb", "a\0b", "a\u200Eb", "\uD800", "a\u2028b", "\u007F"}) {
      assertThatThrownBy(() -> StoreKeys.requireKey(key))
          .as(String.valueOf(key))
          .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo("invalid_key"));
    }
  }

  @Test
  void jsonObjectsAreAccepted() {
    Map<String, Object> value = new HashMap<>();
    value.put("s", "x");
    value.put("n", List.of(1, 2L, 3.5, BigInteger.TEN));
    value.put("o", Map.of("b", true));
    value.put("z", null);
    assertThat(StoreKeys.requireObject(value)).isEqualTo(value).isNotSameAs(value);
  }

  @Test
  void valuesThatAreNotPlainJsonAreInvalid() {
    Map<String, Object> nested = new HashMap<>();
    Map<String, Object> deep = nested;
    for (int i = 0; i < 70; i++) {
      Map<String, Object> next = new HashMap<>();
      deep.put("d", next);
      deep = next;
    }
    Map<Object, Object> numericKey = Map.of(1, "x");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> refused = List.of(
        Map.of("thread", new Thread()),
        Map.of("list", List.of(new StringBuilder("x"))),
        Map.of("inner", numericKey),
        nested);
    for (Map<String, Object> value : refused) {
      assertThatThrownBy(() -> StoreKeys.requireObject(value))
          .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo("invalid_value"));
    }
    assertThatThrownBy(() -> StoreKeys.requireObject(null))
        .isInstanceOfSatisfying(PluginException.class, e -> assertThat(e.code()).isEqualTo("invalid_value"));
  }
}
