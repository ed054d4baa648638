package ai.tyrum.gateway.policy.merge;

import ai.tyrum.gateway.policy.PolicyException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The merged policy: the rules of an agent without a file of its own ({@code base}: deployment then
 * overrides) and of every agent with one (deployment, the agent's file, then overrides).
 */
public record MergedPolicy(RuleSet base, SortedMap<String, RuleSet> agents) {

  /** The format name inside the canonical JSON, so that a future format can never hash the same. */
  public static final String FORMAT = "tyrum.policy.v1";

  public MergedPolicy {
    agents = Collections.unmodifiableSortedMap(new TreeMap<>(agents));
  }

  public RuleSet rulesFor(String agent) {
    return agents.getOrDefault(agent, base);
  }

  /** The JSON whose canonical form (RFC 8785) is hashed into the snapshot id. */
  public Map<String, Object> toJson() {
    Map<String, Object> agentJson = new LinkedHashMap<>();
    agents.forEach((agent, rules) -> agentJson.put(agent, rules.toJson()));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", FORMAT);
    json.put("base", base.toJson());
    json.put("agents", agentJson);
    return json;
  }

  /** Reads a stored snapshot's policy. */
  @SuppressWarnings("unchecked")
  public static MergedPolicy fromJson(Map<String, Object> json) {
    if (!FORMAT.equals(json.get("format")) || !(json.get("agents") instanceof Map<?, ?> agentJson)) {
      throw new PolicyException("invalid_snapshot", "a stored policy snapshot is not " + FORMAT, List.of());
    }
    SortedMap<String, RuleSet> agents = new TreeMap<>();
    ((Map<String, Object>) agentJson).forEach((agent, rules) -> agents.put(agent, RuleSet.fromJson(rules)));
    return new MergedPolicy(RuleSet.fromJson(json.get("base")), agents);
  }
}
