package ai.tyrum.gateway.itest.marketplace;

import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** {@link PluginLock} in place of gateway.marketplace's lockfile: the entries a test puts in it. */
public final class FakePluginLock implements PluginLock {

  static final String SHA = "ab".repeat(32);
  static final PluginOrigin CATALOG = new PluginOrigin(PluginOrigin.CATALOG, "file:/srv/catalog/index.xml", "key-1");

  private final Map<String, LockEntry> byId = new ConcurrentSkipListMap<>();

  public FakePluginLock put(String id, LockEntry.State state, List<String> granted) {
    byId.put(id, new LockEntry(id, "1.0.0", "ai.tyrum.plugin." + id, state, CATALOG, SHA, 2048L, granted, Map.of(),
        List.of(new LockEntry.Approver("token:operator", Instant.EPOCH, "install")), Instant.EPOCH));
    return this;
  }

  @Override
  public List<LockEntry> entries() {
    return List.copyOf(byId.values());
  }

  @Override
  public Optional<LockEntry> entry(String id) {
    return Optional.ofNullable(byId.get(id));
  }
}
