package ai.tyrum.gateway.policy.merge;

import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.spi.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The effective rules for one agent after merging: what a snapshot stores and what decisions read.
 * Pattern lists are sorted sets so that equal rules give equal canonical JSON, hence equal snapshot ids.
 */
public record RuleSet(
    Decision defaultDecision,
    SortedSet<String> allow,
    SortedSet<String> requireApproval,
    SortedSet<String> deny,
    List<String> redact,
    long approvalTtlSeconds) {

  /** One hour: long enough for an operator to look, short enough that a stale approval dies. */
  public static final long DEFAULT_APPROVAL_TTL_SECONDS = 3600;

  /** The shipped default: exposed tools are allowed; opt-in tools stay hidden until allowlisted. */
  public static final RuleSet DEFAULT =
      new RuleSet(Decision.allow, new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), List.of(), DEFAULT_APPROVAL_TTL_SECONDS);

  public RuleSet {
    allow = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(allow));
    requireApproval = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(requireApproval));
    deny = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(deny));
    redact = List.copyOf(new LinkedHashSet<>(redact)); // order kept: earlier patterns redact first
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
      return new RuleSet(
          Decision.valueOf((String) tools.get("default")),
          new TreeSet<>((List<String>) tools.get("allow")),
          new TreeSet<>((List<String>) tools.get("require_approval")),
          new TreeSet<>((List<String>) tools.get("deny")),
          new ArrayList<>((List<String>) ((Map<String, Object>) json.get("redaction")).get("patterns")),
          ((Number) ((Map<String, Object>) json.get("approvals")).get("ttl_seconds")).longValue());
    } catch (RuntimeException e) {
      throw new PolicyException("invalid_snapshot", "a stored policy snapshot is damaged", List.of(String.valueOf(e.getMessage())));
    }
  }
}
