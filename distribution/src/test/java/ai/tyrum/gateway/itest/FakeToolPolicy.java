package ai.tyrum.gateway.itest;

import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link ToolPolicy} a test sets decision by decision, in place of gateway.policy: one decision per tool
 * id, a default for the rest, and a record of what it was asked. Safe to change while the gateway calls it.
 */
public final class FakeToolPolicy implements ToolPolicy {

  /** The snapshot every decision of a fake policy names: SHA-256 of the empty string. */
  public static final String SNAPSHOT_ID = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private final Map<String, PolicyDecision> byTool = new ConcurrentHashMap<>();
  private final List<String> asked = new CopyOnWriteArrayList<>();
  private volatile PolicyDecision otherwise;

  private FakeToolPolicy(PolicyDecision otherwise) {
    this.otherwise = otherwise;
  }

  /** Exposes and allows every tool to every agent, reason {@code allowed_by_default}. */
  public static FakeToolPolicy allowingAll() {
    return new FakeToolPolicy(decision(Decision.allow, "allowed_by_default"));
  }

  /** Hides every tool from every agent, reason {@code denied_by_policy}. */
  public static FakeToolPolicy denyingAll() {
    return new FakeToolPolicy(decision(Decision.deny, "denied_by_policy"));
  }

  /** From now on decides {@code decision} for {@code toolId}, for every agent; a deny also hides the tool. */
  public FakeToolPolicy decide(String toolId, Decision decision, String reason) {
    byTool.put(toolId, decision(decision, reason));
    return this;
  }

  /** From now on decides {@code decision} for every tool without a decision of its own. */
  public FakeToolPolicy otherwise(Decision decision, String reason) {
    otherwise = decision(decision, reason);
    return this;
  }

  /** What the gateway asked, in order, as {@code "<agent> <tool id>"}. */
  public List<String> asked() {
    return List.copyOf(asked);
  }

  @Override
  public PolicyDecision decide(ToolDescriptor tool, String agent) {
    asked.add(agent + " " + tool.toolId());
    return byTool.getOrDefault(tool.toolId(), otherwise);
  }

  @Override
  public Optional<PolicyDecision> replay(ToolDescriptor tool, String agent, String snapshotId) {
    return SNAPSHOT_ID.equals(snapshotId) ? Optional.of(byTool.getOrDefault(tool.toolId(), otherwise)) : Optional.empty();
  }

  @Override
  public String snapshotId() {
    return SNAPSHOT_ID;
  }

  private static PolicyDecision decision(Decision decision, String reason) {
    return new PolicyDecision(decision, decision != Decision.deny, reason, "", SNAPSHOT_ID, List.of());
  }
}
