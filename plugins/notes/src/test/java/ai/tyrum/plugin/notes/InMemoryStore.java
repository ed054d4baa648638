package ai.tyrum.plugin.notes;

import ai.tyrum.gateway.api.PrivateStore;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/** A {@link PrivateStore} in memory, as the gateway's behaves: sorted keys, values copied in and out. */
final class InMemoryStore implements PrivateStore {

  private final NavigableMap<String, Map<String, Object>> values = new TreeMap<>();

  @Override
  public synchronized Optional<Map<String, Object>> get(String key) {
    return Optional.ofNullable(values.get(key)).map(Map::copyOf);
  }

  @Override
  public synchronized void put(String key, Map<String, Object> value) {
    values.put(key, Map.copyOf(value));
  }

  @Override
  public synchronized boolean delete(String key) {
    return values.remove(key) != null;
  }

  @Override
  public synchronized List<String> keys(String prefix) {
    return values.tailMap(prefix, true).keySet().stream().takeWhile(k -> k.startsWith(prefix)).toList();
  }
}
