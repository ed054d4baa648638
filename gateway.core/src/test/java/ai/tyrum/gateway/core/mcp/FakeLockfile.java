package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.McpToolPins;
import ai.tyrum.gateway.spi.PluginLock;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One plugin's lockfile entry in memory, with the marketplace's pin writer over it. */
final class FakeLockfile implements PluginLock, McpToolPins {

  volatile LockEntry entry;
  volatile RuntimeException failWith;

  FakeLockfile(String pluginId, LockEntry.State state) {
    entry = new LockEntry(pluginId, "1.0.0", "test." + pluginId, state,
        new PluginOrigin(PluginOrigin.CATALOG, "file:/catalog/index.xml", "key"), "a".repeat(64), 1, List.of(), Map.of(),
        List.of(new LockEntry.Approver("alice", Instant.parse("2026-12-06T10:00:00Z"), "install")), Instant.parse("2026-12-06T10:00:00Z"));
  }

  @Override
  public List<LockEntry> entries() {
    return List.of(entry);
  }

  @Override
  public Optional<LockEntry> entry(String id) {
    return entry.id().equals(id) ? Optional.of(entry) : Optional.empty();
  }

  @Override
  public synchronized LockEntry pin(String pluginId, String serverId, Map<String, String> tools, String actor) {
    if (failWith != null) {
      throw failWith;
    }
    if (!entry.id().equals(pluginId)) {
      throw new GatewayException("unknown_plugin", 404, "no plugin " + pluginId, List.of());
    }
    Map<String, String> pins = new TreeMap<>(entry.mcpTools());
    tools.forEach((tool, sha) -> pins.put(serverId + "/" + tool, sha));
    entry = entry.withMcpTools(pins, new LockEntry.Approver(actor, Instant.now(), "mcp_tools " + serverId));
    return entry;
  }
}
