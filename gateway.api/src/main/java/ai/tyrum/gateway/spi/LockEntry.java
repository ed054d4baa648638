package ai.tyrum.gateway.spi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One plugin of the lockfile (format {@code tyrum.plugins.lock.v1}, DESIGN section 5).
 *
 * @param id the plugin id
 * @param version the plugin's version
 * @param bundle its Bundle-SymbolicName
 * @param state where the plugin stands in the pipeline
 * @param source where its bytes came from
 * @param sha256 hex SHA-256 of the jar, as stored in {@code store/}
 * @param size the jar's size in bytes
 * @param granted the permissions the operator granted, each written {@code class:target} as
 *     {@link #permission(String, String)} writes it, sorted
 * @param contracts per tool name, the hex SHA-256 of its contract (capability attributes and schemas)
 * @param approvedBy who approved the install (the actor of each grant or approval), in order
 * @param installedAt when this version was recorded
 * @param mcpTools per {@code <server>/<tool>} of the MCP servers the plugin defines, the hex SHA-256 of
 *     the canonical JSON of the tool's {@code name}, {@code description} and {@code inputSchema} as the
 *     operator approved it (since 2.3)
 * @since 2.1
 */
public record LockEntry(
    String id,
    String version,
    String bundle,
    State state,
    PluginOrigin source,
    String sha256,
    long size,
    List<String> granted,
    Map<String, String> contracts,
    List<Approver> approvedBy,
    Instant installedAt,
    Map<String, String> mcpTools) {

  /** Where an entry stands. */
  public enum State {
    /** Verified and stored; waits for grants or approvals, and loads no class. */
    pending_approval,
    /** Verified, granted: the gate lets it resolve, and it starts. */
    enabled,
    /** Stopped by an operator; stays stopped across restarts. */
    disabled,
    /** Its catalog revoked this version: stopped, and never installed again. */
    revoked
  }

  /** One operator decision that let this version in. */
  public record Approver(String actor, Instant at, String what) {
    public Approver {
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(what, "what");
    }
  }

  public LockEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(bundle, "bundle");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(installedAt, "installedAt");
    granted = List.copyOf(granted);
    contracts = Map.copyOf(contracts);
    approvedBy = List.copyOf(approvedBy);
    mcpTools = Map.copyOf(mcpTools);
  }

  /** An entry that pins no MCP tool. */
  public LockEntry(
      String id,
      String version,
      String bundle,
      State state,
      PluginOrigin source,
      String sha256,
      long size,
      List<String> granted,
      Map<String, String> contracts,
      List<Approver> approvedBy,
      Instant installedAt) {
    this(id, version, bundle, state, source, sha256, size, granted, contracts, approvedBy, installedAt, Map.of());
  }

  /**
   * This entry with the MCP tool pins {@code pins} and one more approver.
   *
   * @since 2.3
   */
  public LockEntry withMcpTools(Map<String, String> pins, Approver approver) {
    List<Approver> approvers = new java.util.ArrayList<>(approvedBy);
    approvers.add(approver);
    return new LockEntry(id, version, bundle, state, source, sha256, size, granted, contracts, approvers, installedAt, pins);
  }

  /** A permission as the lockfile, the shell and the HTTP API write it: {@code class:target}. */
  public static String permission(String permissionClass, String target) {
    return permissionClass + ":" + target;
  }

  /** The entry as JSON-shaped values, as status, the HTTP API and the support export show it. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("version", version);
    json.put("bundle", bundle);
    json.put("state", state.name());
    json.put("source", source.toJson());
    json.put("integrity_sha256", sha256);
    json.put("size", size);
    json.put("granted", granted);
    json.put("contracts", new java.util.TreeMap<>(contracts));
    json.put("approved_by", approvedBy.stream().map(a -> Map.of("actor", a.actor(), "at", a.at().toString(), "what", a.what())).toList());
    json.put("installed_at", installedAt.toString());
    json.put("mcp_tools", new java.util.TreeMap<>(mcpTools));
    return json;
  }
}
