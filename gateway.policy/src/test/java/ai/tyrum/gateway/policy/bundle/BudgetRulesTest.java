package ai.tyrum.gateway.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.policy.merge.PolicyMerge;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import ai.tyrum.gateway.spi.CallBudgets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code budgets:} section: read, checked across files, merged, and covered by the snapshot id. */
class BudgetRulesTest {

  @TempDir Path root;
  TestData data;

  @BeforeEach
  void setUp() {
    data = new TestData(root);
  }

  private PolicySources read() {
    return new PolicyDirectory(data.dir("policy"), new PolicyReader()).read();
  }

  private CallBudgets merged() {
    return PolicyMerge.merge(read()).budgets();
  }

  private List<String> refused() {
    try {
      read();
    } catch (PolicyException e) {
      assertThat(e.code()).isEqualTo("invalid_policy");
      return e.details();
    }
    throw new AssertionError("the policy dir was accepted");
  }

  @Test
  void withoutASectionTheShippedDefaultsApply() throws Exception {
    data.write("deployment.yml", "version: 1\n");
    assertThat(merged()).isEqualTo(CallBudgets.DEFAULT);
    assertThat(CallBudgets.DEFAULT.of("echo")).isEqualTo(new CallBudgets.Budget(2_000, 256));
  }

  @Test
  void pluginEntryTakesTheSectionsFigureForWhatItDoesNotSay() throws Exception {
    data.write("deployment.yml", "budgets:\n  cpu_ms: 500\n  plugins:\n    spins-cpu: {cpu_ms: 50}\n"
        + "  breaker: {overruns: 2, window_seconds: 60}\n");
    CallBudgets budgets = merged();
    assertThat(budgets.of("spins-cpu")).isEqualTo(new CallBudgets.Budget(50, 256));
    assertThat(budgets.of("echo")).isEqualTo(new CallBudgets.Budget(500, 256));
    assertThat(budgets.breaker()).isEqualTo(new CallBudgets.Breaker(2, 60));
  }

  @Test
  void overridesNarrowEveryPluginTheDeploymentNamesToo() throws Exception {
    data.write("deployment.yml", "budgets:\n  cpu_ms: 500\n  plugins:\n    heavy: {cpu_ms: 400, alloc_mb: 100}\n");
    data.write("overrides.yml", "budgets:\n  cpu_ms: 300\n  alloc_mb: 64\n  plugins:\n    light: {cpu_ms: 10}\n"
        + "  breaker: {overruns: 1, window_seconds: 3600}\n");
    CallBudgets budgets = merged();
    assertThat(budgets.of("heavy")).isEqualTo(new CallBudgets.Budget(300, 64));
    assertThat(budgets.of("light")).isEqualTo(new CallBudgets.Budget(10, 64));
    assertThat(budgets.of("other")).isEqualTo(new CallBudgets.Budget(300, 64));
    assertThat(budgets.breaker()).isEqualTo(new CallBudgets.Breaker(1, 3600));
  }

  @Test
  void agentFileMayNotHoldTheBudgetsSection() throws Exception {
    data.write("agents/ops.yml", "budgets:\n  cpu_ms: 100\n");
    assertThat(refused()).singleElement().asString()
        .startsWith("agents/ops.yml: /budgets: budgets_not_per_agent: ").contains("deployment.yml");
  }

  @Test
  void overridesThatWouldWidenABudgetAreRefusedWithTheirPointers() throws Exception {
    data.write("deployment.yml", "budgets:\n  cpu_ms: 500\n  plugins:\n    heavy: {alloc_mb: 100}\n  breaker: {window_seconds: 60}\n");
    data.write("overrides.yml", "budgets:\n  cpu_ms: 600\n  alloc_mb: 512\n  plugins:\n    heavy: {alloc_mb: 200}\n"
        + "  breaker: {overruns: 5, window_seconds: 30}\n");
    assertThat(refused()).satisfiesExactlyInAnyOrder(
        d -> assertThat(d).startsWith("overrides.yml: /budgets/cpu_ms: budgets_override_widens: ").contains("500"),
        d -> assertThat(d).startsWith("overrides.yml: /budgets/alloc_mb: budgets_override_widens: ").contains("256"),
        d -> assertThat(d).startsWith("overrides.yml: /budgets/plugins/heavy/alloc_mb: budgets_override_widens: ").contains("100"),
        d -> assertThat(d).startsWith("overrides.yml: /budgets/breaker/overruns: budgets_override_widens: ").contains("3"),
        d -> assertThat(d).startsWith("overrides.yml: /budgets/breaker/window_seconds: budgets_override_widens: ").contains("60"));
  }

  @Test
  void figuresOutsideTheirRangeAreRefusedBySchema() throws Exception {
    data.write("deployment.yml", "budgets:\n  cpu_ms: 0\n  plugins:\n    Bad_Id: {cpu_ms: 5}\n  breaker: {overruns: 0}\n  extra: 1\n");
    assertThat(refused()).anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /budgets/cpu_ms: "))
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /budgets/breaker/overruns: "))
        .anySatisfy(d -> assertThat(d).startsWith("deployment.yml: /budgets"));
  }

  @Test
  void snapshotIdCoversTheBudgetsAndARestoredSnapshotKeepsThem() throws Exception {
    data.write("deployment.yml", "version: 1\n");
    MergedPolicy defaults = PolicyMerge.merge(read());
    data.write("deployment.yml", "budgets:\n  plugins:\n    spins-cpu: {cpu_ms: 50}\n");
    MergedPolicy narrowed = PolicyMerge.merge(read());
    assertThat(PolicySnapshot.idOf(narrowed)).isNotEqualTo(PolicySnapshot.idOf(defaults));
    assertThat(defaults.toJson()).doesNotContainKey("budgets"); // ids of snapshots stored before budgets stay
    @SuppressWarnings("unchecked")
    Map<String, Object> stored = (Map<String, Object>) ai.tyrum.gateway.lib.json.Json.MAPPER.readValue(
        ai.tyrum.gateway.lib.json.Json.canonical(narrowed.toJson()), Map.class);
    assertThat(MergedPolicy.fromJson(stored).budgets()).isEqualTo(narrowed.budgets());
  }
}
