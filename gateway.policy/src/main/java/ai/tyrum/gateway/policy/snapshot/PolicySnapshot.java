package ai.tyrum.gateway.policy.snapshot;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.policy.bundle.SourceFile;
import ai.tyrum.gateway.policy.decision.CompiledRules;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable merged policy with its id, the SHA-256 (hex) of its canonical JSON (RFC 8785): two
 * snapshots with the same rules have the same id, whatever the files' layout, comments or order.
 */
public final class PolicySnapshot {

  private final String id;
  private final MergedPolicy policy;
  private final List<SourceFile> sources;
  private final CompiledRules base;
  private final Map<String, CompiledRules> agents;

  public PolicySnapshot(MergedPolicy policy, List<SourceFile> sources) {
    this.policy = policy;
    this.sources = List.copyOf(sources);
    this.id = idOf(policy);
    this.base = new CompiledRules(policy.base(), id);
    Map<String, CompiledRules> compiled = new TreeMap<>();
    policy.agents().forEach((agent, rules) -> compiled.put(agent, new CompiledRules(rules, id)));
    this.agents = Map.copyOf(compiled);
  }

  /** The snapshot id of {@code policy}. */
  public static String idOf(MergedPolicy policy) {
    return sha256(Json.canonical(policy.toJson()));
  }

  public String id() {
    return id;
  }

  public MergedPolicy policy() {
    return policy;
  }

  /** The files it was merged from; empty for the shipped default or a snapshot restored from disk. */
  public List<SourceFile> sources() {
    return sources;
  }

  public CompiledRules rulesFor(String agent) {
    CompiledRules rules = agents.get(agent);
    return rules == null ? base : rules;
  }

  public PolicyDecision decide(ToolDescriptor tool, String agent) {
    return rulesFor(agent).decide(tool);
  }

  static String sha256(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
