package ai.tyrum.gateway.core.host;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * One plugin's open private store: an H2 MVStore file holding one sorted map of keys to canonical JSON
 * text, and the bytes it holds (keys and values in UTF-8), counted once at open and kept current by
 * every write so that the quota check costs nothing.
 *
 * <p>Every write commits and syncs before it returns: MVStore appends a new chunk per commit and points
 * the file header at it, so a crash leaves the last synced commit (its durability model).
 */
final class PluginStore implements AutoCloseable {

  private static final String MAP = "values";

  private final MVStore store;
  private final MVMap<String, String> values;
  private long bytes;

  private PluginStore(MVStore store) {
    this.store = store;
    this.values = store.openMap(MAP);
    long counted = 0;
    for (Iterator<String> keys = values.keyIterator(null); keys.hasNext(); ) {
      String key = keys.next();
      counted += size(key, values.get(key));
    }
    this.bytes = counted;
  }

  /**
   * Opens (creating) the store in {@code file}. Auto-commit is off, which also means no background
   * writer thread: writes are committed by the caller's thread, and nothing is left running.
   */
  static PluginStore open(Path file) {
    MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
    try {
      // Chunks no commit needs any more are reused at once, not after the default 45 s: every commit is
      // synced before the next one starts, which is the write ordering MVStore asks of a shorter
      // retention. Without it each commit's chunk stays, and a thousand small writes grow the file to
      // about 20 MB instead of about 1 MB.
      store.setRetentionTime(0);
      return new PluginStore(store);
    } catch (RuntimeException e) {
      store.closeImmediately();
      throw e;
    }
  }

  static long size(String key, String value) {
    return key.getBytes(StandardCharsets.UTF_8).length + (long) value.getBytes(StandardCharsets.UTF_8).length;
  }

  synchronized Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * Stores {@code text} at {@code key} unless the store would then hold more than {@code quota} bytes.
   *
   * @return false, changing nothing, when it would
   */
  synchronized boolean put(String key, String text, long quota) {
    String old = values.get(key);
    long next = bytes - (old == null ? 0 : size(key, old)) + size(key, text);
    if (next > quota && next > bytes) {
      return false; // a write that shrinks the store is always allowed, even past a lowered quota
    }
    values.put(key, text);
    durable();
    bytes = next;
    return true;
  }

  synchronized boolean delete(String key) {
    String old = values.remove(key);
    if (old == null) {
      return false;
    }
    durable();
    bytes -= size(key, old);
    return true;
  }

  synchronized List<String> keys(String prefix) {
    List<String> keys = new ArrayList<>();
    for (Iterator<String> it = values.keyIterator(prefix); it.hasNext(); ) {
      String key = it.next();
      if (!key.startsWith(prefix)) {
        break; // sorted: every later key is past the prefix too
      }
      keys.add(key);
    }
    return keys;
  }

  synchronized long bytes() {
    return bytes;
  }

  /** Commits and syncs; a write that cannot be made durable is undone, so memory never runs ahead of disk. */
  private void durable() {
    try {
      store.commit();
      store.sync();
    } catch (RuntimeException e) {
      try {
        store.rollback();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  @Override
  public synchronized void close() {
    if (!store.isClosed()) {
      store.close();
    }
  }
}
