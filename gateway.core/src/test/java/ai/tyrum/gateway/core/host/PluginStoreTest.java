package ai.tyrum.gateway.core.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginStoreTest {

  @TempDir Path dir;

  @Test
  void whatWasWrittenIsThereAfterReopening() {
    Path file = dir.resolve("store.mv.db");
    try (PluginStore store = PluginStore.open(file)) {
      assertThat(store.put("a", "{\"n\":1}", 1_000)).isTrue();
      assertThat(store.put("b", "{\"n\":2}", 1_000)).isTrue();
      assertThat(store.delete("a")).isTrue();
    }
    try (PluginStore store = PluginStore.open(file)) {
      assertThat(store.get("a")).isEmpty();
      assertThat(store.get("b")).contains("{\"n\":2}");
      assertThat(store.bytes()).isEqualTo(PluginStore.size("b", "{\"n\":2}"));
    }
  }

  @Test
  void aPutPastTheQuotaChangesNothing() {
    try (PluginStore store = PluginStore.open(dir.resolve("store.mv.db"))) {
      assertThat(store.put("k", "1234567890", 12)).isTrue();
      assertThat(store.put("l", "1", 12)).isFalse();
      assertThat(store.put("k", "123456789012", 12)).isFalse();
      assertThat(store.get("k")).contains("1234567890");
      assertThat(store.get("l")).isEmpty();
    }
  }

  @Test
  void aWriteThatShrinksTheStoreIsAllowedPastALoweredQuota() {
    try (PluginStore store = PluginStore.open(dir.resolve("store.mv.db"))) {
      store.put("k", "1234567890", 100);
      assertThat(store.put("k", "12345", 2)).isTrue();
      assertThat(store.bytes()).isEqualTo(6);
    }
  }

  @Test
  void keysAreThoseWithThePrefixInAscendingOrder() {
    try (PluginStore store = PluginStore.open(dir.resolve("store.mv.db"))) {
      for (String key : new String[] {"note-2", "note-10", "other", "note-1", "nota"}) {
        store.put(key, "{}", 1_000);
      }
      assertThat(store.keys("note-")).containsExactly("note-1", "note-10", "note-2");
      assertThat(store.keys("")).containsExactly("nota", "note-1", "note-10", "note-2", "other");
      assertThat(store.keys("zzz")).isEmpty();
    }
  }

  @Test
  void manyWritesReuseTheSpaceOfChunksNoLongerNeeded() throws Exception {
    Path file = dir.resolve("store.mv.db");
    String value = "{\"body\":\"" + "x".repeat(200) + "\"}";
    try (PluginStore store = PluginStore.open(file)) {
      for (int i = 0; i < 600; i++) {
        store.put("k" + (i % 20), value, 1_000_000);
      }
    }
    // kept for 45 s, each commit's chunk (at least 4 KiB) would make this 2.4 MB or more
    assertThat(Files.size(file)).isLessThan(1024 * 1024);
  }

  @Test
  void usingTheStoreStartsNoThread() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    try (PluginStore store = PluginStore.open(dir.resolve("store.mv.db"))) {
      store.put("k", "{}", 1_000);
      store.get("k");
      store.delete("k");
      Set<String> started = Thread.getAllStackTraces().keySet().stream()
          .filter(t -> !before.contains(t))
          .map(Thread::getName)
          .collect(Collectors.toSet());
      assertThat(started).isEmpty();
    }
  }
}
