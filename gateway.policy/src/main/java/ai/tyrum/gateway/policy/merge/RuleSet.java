package ai.tyrum.gateway.policy.merge;

import ai.tyrum.gateway.lib.egress.EgressEndpoints;
import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.EgressEndpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The effective rules for one agent after merging: what a snapshot stores and what decisions read.
 * Pattern lists and egress endpoints are sorted so that equal rules give equal canonical JSON, hence
 * equal snapshot ids.
 */
public record RuleSet(
    Decision defaultDecision,
    SortedSet<String> allow,
    SortedSet<String> requireApproval,
    SortedSet<String> deny,
    List<String> redact,
    long approvalTtlSeconds,
    SortedMap<String, List<EgressEndpoint>> egressClasses) {

  /** One hour: long enough for an operator to look, short enough that a stale approval dies. */
  public static final long DEFAULT_APPROVAL_TTL_SECONDS = 3600;

  /** The shipped default: exposed tools are allowed; opt-in tools stay hidden until allowlisted; no egress class. */
  public static final RuleSet DEFAULT =
      new RuleSet(Decision.allow, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), List.of(), DEFAULT_APPROVAL_TTL_SECONDS, new TreeMap<>());

  public RuleSet {
    allow = Collections.unmodifiableSortedSet(new TreeSet<>(allow));
    requireApproval = Collections.unmodifiableSortedSet(new TreeSet<>(requireApproval));
    deny = Collections.unmodifiableSortedSet(new TreeSet<>(deny));
    redact = List.copyOf(new LinkedHashSet<>(redact)); // order kept: earlier patterns redact first
    TreeMap<String, List<EgressEndpoint>> classes = new TreeMap<>();
    egressClasses.forEach((name, endpoints) -> classes.put(name, EgressEndpoints.canonical(endpoints)));
    egressClasses = Collections.unmodifiableSortedMap(classes);
  }

  /** The JSON form hashed into the snapshot id. */
  public Map<String, Object> toJson() {
    Map<String, Object> tools = new LinkedHashMap<>();
    tools.put("default", defaultDecision.name());
    tools.put("allow", List.copyOf(allow));
    tools.put("require_approval", List.copyOf(requireApproval));
    tools.put("deny", List.copyOf(deny));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("tools", tools);
    json.put("redaction", Map.of("patterns", redact));
    json.put("approvals", Map.of("ttl_seconds", approvalTtlSeconds));
    // absent when there are none, so that every snapshot stored before egress classes existed keeps its id
    if (!egressClasses.isEmpty()) {
      Map<String, Object> classes = new LinkedHashMap<>();
      egressClasses.forEach((name, endpoints) -> classes.put(name, endpoints.stream().map(EgressEndpoint::toString).toList()));
      json.put("egress_classes", classes);
    }
    return json;
  }

  /**
   * Reads the form {@link #toJson()} wrote, from a stored snapshot.
   *
   * @throws PolicyException {@code invalid_snapshot} if it is not that form
   */
  @SuppressWarnings("unchecked")
  public static RuleSet fromJson(Object value) {
    try {
      Map<String, Object> json = (Map<String, Object>) value;
      Map<String, Object> tools = (Map<String, Object>) json.get("tools");
      SortedMap<String, List<EgressEndpoint>> classes = new TreeMap<>();
      ((Map<String, List<String>>) json.getOrDefault("egress_classes", Map.of()))
          .forEach((name, endpoints) -> classes.put(name, endpoints.stream().map(EgressEndpoints::parse).toList()));
      return new RuleSet(
          Decision.valueOf((String) tools.get("default")),
          new TreeSet<>((List<String>) tools.get("allow")),
          new TreeSet<>((List<String>) tools.get("require_approval")),
          new TreeSet<>((List<String>) tools.get("deny")),
          new ArrayList<>((List<String>) ((Map<String, Object>) json.get("redaction")).get("patterns")),
          ((Number) ((Map<String, Object>) json.get("approvals")).get("ttl_seconds")).longValue(),
          classes);
    } catch (RuntimeException e) {
      throw new PolicyException("invalid_snapshot", "a stored policy snapshot is damaged", List.of(String.valueOf(e.getMessage())));
    }
  }
}
