package ai.tyrum.gateway.policy.decision;

import ai.tyrum.gateway.policy.merge.RuleSet;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.util.List;
import java.util.Optional;

/**
 * One agent's rules, compiled once per snapshot, and the decision they give (DESIGN section 4):
 *
 * <ol>
 *   <li>a deny pattern hides the tool ({@code denied_by_policy});
 *   <li>an opt-in tool (state-changing, or of a plugin holding an access-expanding permission) is exposed
 *       only when an allowlist names its exact id; otherwise {@code disabled_by_plugin_opt_in};
 *   <li>a require_approval pattern makes an exposed tool {@code require_approval};
 *   <li>an allow rule (exact id or pattern) allows it ({@code allowlisted});
 *   <li>otherwise the default decides ({@code allowed_by_default}, {@code approval_required_by_default},
 *       or hidden with {@code denied_by_default}).
 * </ol>
 */
public final class CompiledRules {

  private final RuleSet rules;
  private final String snapshotId;
  private final List<ToolPattern> allow;
  private final List<ToolPattern> requireApproval;
  private final List<ToolPattern> deny;
  /** Sources only: the core compiles them with its own RE2/J, once per snapshot (see PolicyDecision). */
  private final List<String> redactions;

  public CompiledRules(RuleSet rules, String snapshotId) {
    this.rules = rules;
    this.snapshotId = snapshotId;
    this.allow = rules.allow().stream().map(ToolPattern::of).toList();
    this.requireApproval = rules.requireApproval().stream().map(ToolPattern::of).toList();
    this.deny = rules.deny().stream().map(ToolPattern::of).toList();
    this.redactions = List.copyOf(rules.redact());
  }

  public RuleSet rules() {
    return rules;
  }

  public PolicyDecision decide(ToolDescriptor tool) {
    String id = tool.toolId();
    Optional<ToolPattern> denied = first(deny, id);
    if (denied.isPresent()) {
      return hidden("denied_by_policy", "tools.deny: " + denied.get().text());
    }
    Optional<ToolPattern> approval = first(requireApproval, id);
    if (tool.optInOnly()) {
      Optional<ToolPattern> named = allow.stream().filter(p -> p.exact() && p.text().equals(id)).findFirst();
      if (named.isEmpty()) {
        String why = tool.stateChanging() ? "state_changing tool" : "plugin holds an access-expanding permission";
        return hidden("disabled_by_plugin_opt_in", "opt-in (" + why + "): no allowlist names " + id);
      }
      if (approval.isPresent()) {
        return exposed(Decision.require_approval, "approval_required_by_policy", "tools.require_approval: " + approval.get().text());
      }
      return exposed(Decision.allow, "allowlisted", "tools.allow: " + id);
    }
    if (approval.isPresent()) {
      return exposed(Decision.require_approval, "approval_required_by_policy", "tools.require_approval: " + approval.get().text());
    }
    Optional<ToolPattern> allowed = first(allow, id);
    if (allowed.isPresent()) {
      return exposed(Decision.allow, "allowlisted", "tools.allow: " + allowed.get().text());
    }
    return switch (rules.defaultDecision()) {
      case allow -> exposed(Decision.allow, "allowed_by_default", "tools.default: allow");
      case require_approval -> exposed(Decision.require_approval, "approval_required_by_default", "tools.default: require_approval");
      case deny -> hidden("denied_by_default", "tools.default: deny");
    };
  }

  private static Optional<ToolPattern> first(List<ToolPattern> patterns, String id) {
    for (ToolPattern pattern : patterns) {
      if (pattern.matches(id)) {
        return Optional.of(pattern);
      }
    }
    return Optional.empty();
  }

  private PolicyDecision exposed(Decision decision, String reason, String rule) {
    return new PolicyDecision(decision, true, reason, rule, snapshotId, redactions);
  }

  private PolicyDecision hidden(String reason, String rule) {
    return new PolicyDecision(Decision.deny, false, reason, rule, snapshotId, redactions);
  }
}
