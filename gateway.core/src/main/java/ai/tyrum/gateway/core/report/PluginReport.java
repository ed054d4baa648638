package ai.tyrum.gateway.core.report;

import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.RefusedService;
import ai.tyrum.gateway.spi.LockEntry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One plugin as every surface reports it (DESIGN section 7, {@code GET /plugins}): what the registry
 * knows of its bundle, overlaid with its lockfile entry (DESIGN section 5). Either side may be missing:
 * a bundle the marketplace did not install has no entry, and an entry that waits for an approval has no
 * bundle in the framework.
 *
 * <p>The lockfile decides the state a client sees while the bundle is not loaded: an entry that waits
 * is {@code pending_approval}, one an operator stopped is {@code disabled}, and one its catalog revoked
 * is {@code failed} with reason {@code revoked}. A loaded bundle is reported {@code loaded} whatever the
 * entry says, since it serves.
 *
 * @param bundle what the registry knows of the plugin's bundle
 * @param entry the plugin's lockfile entry
 */
public record PluginReport(Optional<PluginRecord> bundle, Optional<LockEntry> entry) {

  /** The source kind of a bundle the lockfile does not hold: it did not come through the verified pipeline. */
  public static final String UNVERIFIED = "unverified";

  /** The reason of a {@code failed} plugin whose catalog revoked the installed version. */
  public static final String REVOKED = "revoked";

  private static final String HASH_IN_LOCATION = "#sha256=";

  public PluginReport {
    if (bundle.isEmpty() && entry.isEmpty()) {
      throw new IllegalArgumentException("a plugin report needs a bundle, a lockfile entry, or both");
    }
  }

  public static PluginReport of(PluginRecord bundle, Optional<LockEntry> entry) {
    return new PluginReport(Optional.of(bundle), entry);
  }

  /** A lockfile entry whose bundle the framework does not hold. */
  public static PluginReport of(LockEntry entry) {
    return new PluginReport(Optional.empty(), Optional.of(entry));
  }

  public String id() {
    return bundle.map(PluginRecord::id).orElseGet(() -> entry.orElseThrow().id());
  }

  public String version() {
    return bundle.map(PluginRecord::version).orElseGet(() -> entry.orElseThrow().version());
  }

  /** The Bundle-SymbolicName. */
  public String symbolicName() {
    return bundle.map(PluginRecord::bundle).orElseGet(() -> entry.orElseThrow().bundle());
  }

  /** The framework's bundle id, empty when the framework does not hold the bundle. */
  public Optional<Long> bundleId() {
    return bundle.map(PluginRecord::bundleId);
  }

  /** Where the bundle was installed from; empty when the framework does not hold it. */
  public String location() {
    return bundle.map(PluginRecord::location).orElse("");
  }

  /** The state a client sees: the registry's, unless the lockfile holds a plugin that is not loaded back. */
  public PluginState state() {
    if (bundle.isPresent() && bundle.get().state() == PluginState.loaded) {
      return PluginState.loaded;
    }
    Optional<PluginState> held = entry.flatMap(PluginReport::heldState);
    if (held.isPresent()) {
      return held.get();
    }
    // an enabled entry whose bundle the marketplace has not installed into the framework yet
    return bundle.map(PluginRecord::state).orElse(PluginState.installed);
  }

  /** The reason code of a {@code failed} state; empty otherwise. */
  public String reason() {
    PluginState state = state();
    if (state != PluginState.loaded && entry.flatMap(PluginReport::heldState).isPresent()) {
      return state == PluginState.failed ? REVOKED : "";
    }
    return bundle.map(PluginRecord::reason).orElse("");
  }

  private static Optional<PluginState> heldState(LockEntry entry) {
    return switch (entry.state()) {
      case pending_approval -> Optional.of(PluginState.pending_approval);
      case disabled -> Optional.of(PluginState.disabled);
      case revoked -> Optional.of(PluginState.failed);
      case enabled -> Optional.empty();
    };
  }

  /**
   * Where the bytes came from: the lockfile's source ({@code kind}, {@code location}, {@code key_id}),
   * or, for a bundle the lockfile does not hold, kind {@link #UNVERIFIED} and the bundle location.
   */
  public Map<String, Object> source() {
    if (entry.isPresent()) {
      return entry.get().source().toJson();
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", UNVERIFIED);
    json.put("location", location());
    return json;
  }

  /** Hex SHA-256 of the jar: the lockfile's, else the one a verified location names, else empty. */
  public String integritySha256() {
    if (entry.isPresent()) {
      return entry.get().sha256();
    }
    int hash = location().indexOf(HASH_IN_LOCATION);
    return hash < 0 ? "" : location().substring(hash + HASH_IN_LOCATION.length());
  }

  /** The summary every client reads ({@code GET /plugins}, {@code plugin:list --json}). */
  public Map<String, Object> toSummary() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id());
    json.put("name", bundle.flatMap(PluginRecord::manifest).map(PluginManifest::name).orElse(symbolicName()));
    json.put("version", version());
    json.put("bundle", symbolicName());
    json.put("bundle_id", bundleId().orElse(null));
    json.put("state", state().name());
    json.put("reason", reason());
    putIntegrity(json);
    json.put("refused_services",
        bundle.map(PluginRecord::refusedServices).orElse(List.of()).stream().map(RefusedService::toJson).toList());
    return json;
  }

  /** The summary with the manifest, the refusal details and the whole lockfile entry. */
  public Map<String, Object> toDetail() {
    Map<String, Object> json = toSummary();
    json.put("details", bundle.map(PluginRecord::details).orElse(List.of()));
    bundle.flatMap(PluginRecord::manifest).ifPresent(m -> json.put("manifest", m.toJson()));
    entry.ifPresent(e -> json.put("lock", e.toJson()));
    return json;
  }

  /** Identity, state and integrity only, as status reports each plugin. */
  public Map<String, Object> toIntegrity() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id());
    json.put("version", version());
    json.put("state", state().name());
    putIntegrity(json);
    return json;
  }

  private void putIntegrity(Map<String, Object> json) {
    json.put("source", source());
    json.put("location", location());
    json.put("integrity_sha256", integritySha256());
    json.put("size", entry.map(LockEntry::size).orElse(null));
    json.put("granted", entry.map(LockEntry::granted).orElse(List.of()));
  }
}
