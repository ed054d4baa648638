package ai.tyrum.gateway.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.policy.merge.RuleSet;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CompiledRulesTest {

  private static final ToolDescriptor READ_ONLY = new ToolDescriptor("plugin.echo.echo", "echo", false, false);
  private static final ToolDescriptor STATE_CHANGING = new ToolDescriptor("plugin.notes.add_note", "notes", true, false);
  private static final ToolDescriptor ACCESS_EXPANDING = new ToolDescriptor("plugin.notes.list_notes", "notes", false, true);
  private static final ToolDescriptor BOTH = new ToolDescriptor("plugin.notes.wipe", "notes", true, true);

  /** Every wildcard form a pattern can take that matches the opt-in tools above. */
  static final List<String> WILDCARDS =
      List.of("*", "**", "plugin.*", "plugin.notes.*", "plugin.*.add_note", "plugin.notes.add_*", "*add_note",
          "*.add_note", "plugin.notes.*note*", "plugin.*.*", "*.*.*", "plugin.notes.add_note*", "*plugin.notes.add_note");

  private static CompiledRules rules(Decision defaultDecision, List<String> allow, List<String> approval, List<String> deny) {
    return new CompiledRules(
        new RuleSet(defaultDecision, new TreeSet<>(allow), new TreeSet<>(approval), new TreeSet<>(deny), List.of(), 60, new TreeMap<>()), "s1");
  }

  private static CompiledRules allow(String... allow) {
    return rules(Decision.allow, List.of(allow), List.of(), List.of());
  }

  @Test
  void shippedDefaultExposesReadOnlyToolsOfPluginsWithoutAccessExpandingPermissions() {
    PolicyDecision decision = new CompiledRules(RuleSet.DEFAULT, "s0").decide(READ_ONLY);
    assertThat(decision.exposed()).isTrue();
    assertThat(decision.decision()).isEqualTo(Decision.allow);
    assertThat(decision.reason()).isEqualTo("allowed_by_default");
    assertThat(decision.snapshotId()).isEqualTo("s0");
  }

  @Test
  void shippedDefaultHidesEveryOptInTool() {
    CompiledRules rules = new CompiledRules(RuleSet.DEFAULT, "s0");
    for (ToolDescriptor tool : List.of(STATE_CHANGING, ACCESS_EXPANDING, BOTH)) {
      PolicyDecision decision = rules.decide(tool);
      assertThat(decision.exposed()).as(tool.toolId()).isFalse();
      assertThat(decision.decision()).isEqualTo(Decision.deny);
      assertThat(decision.reason()).isEqualTo("disabled_by_plugin_opt_in");
    }
  }

  @Test
  void stateChangingToolIsExposedOnlyWhenAnAllowlistNamesItsExactId() {
    PolicyDecision decision = allow("plugin.notes.add_note").decide(STATE_CHANGING);
    assertThat(decision.exposed()).isTrue();
    assertThat(decision.decision()).isEqualTo(Decision.allow);
    assertThat(decision.reason()).isEqualTo("allowlisted");
    assertThat(decision.rule()).isEqualTo("tools.allow: plugin.notes.add_note");
  }

  @Test
  void selfDeclaredReadOnlyDoesNotExemptAToolOfAnAccessExpandingPlugin() {
    assertThat(allow("plugin.*").decide(ACCESS_EXPANDING).reason()).isEqualTo("disabled_by_plugin_opt_in");
    assertThat(allow("plugin.notes.list_notes").decide(ACCESS_EXPANDING).exposed()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("wildcards")
  void wildcardsNeverOptAToolIn(String pattern) {
    CompiledRules rules = allow(pattern);
    for (ToolDescriptor tool : List.of(STATE_CHANGING, ACCESS_EXPANDING, BOTH)) {
      assertThat(rules.decide(tool).exposed()).as(pattern + " for " + tool.toolId()).isFalse();
      assertThat(rules.decide(tool).reason()).isEqualTo("disabled_by_plugin_opt_in");
    }
  }

  @ParameterizedTest
  @MethodSource("wildcards")
  void wildcardsDoNotOptInEvenWithDefaultAllowAndAnApprovalRule(String pattern) {
    CompiledRules rules = rules(Decision.allow, List.of(pattern), List.of(pattern), List.of());
    assertThat(rules.decide(STATE_CHANGING).exposed()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "plugin.*", "plugin.echo.*", "*echo", "plugin.*.echo", "plugin.echo.echo"})
  void wildcardsAndExactIdsAllowReadOnlyTools(String pattern) {
    PolicyDecision decision = rules(Decision.deny, List.of(pattern), List.of(), List.of()).decide(READ_ONLY);
    assertThat(decision.exposed()).isTrue();
    assertThat(decision.reason()).isEqualTo("allowlisted");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "plugin.*", "plugin.echo.*", "*echo", "plugin.*.echo", "plugin.echo.echo", "*.echo"})
  void denyPatternAlwaysHidesEvenAnAllowlistedTool(String pattern) {
    for (ToolDescriptor tool : List.of(READ_ONLY)) {
      PolicyDecision decision = rules(Decision.allow, List.of(tool.toolId()), List.of(tool.toolId()), List.of(pattern)).decide(tool);
      assertThat(decision.exposed()).isFalse();
      assertThat(decision.decision()).isEqualTo(Decision.deny);
      assertThat(decision.reason()).isEqualTo("denied_by_policy");
      assertThat(decision.rule()).isEqualTo("tools.deny: " + pattern);
    }
  }

  @Test
  void denyPatternHidesAnAllowlistedOptInTool() {
    PolicyDecision decision = rules(Decision.allow, List.of("plugin.notes.add_note"), List.of(), List.of("plugin.notes.*")).decide(STATE_CHANGING);
    assertThat(decision.reason()).isEqualTo("denied_by_policy");
  }

  @Test
  void denyPatternThatDoesNotMatchLeavesToolAlone() {
    assertThat(rules(Decision.allow, List.of(), List.of(), List.of("plugin.notes.*")).decide(READ_ONLY).exposed()).isTrue();
  }

  @Test
  void patternMatchesWholeIdsOnly() {
    assertThat(rules(Decision.allow, List.of(), List.of(), List.of("plugin.echo")).decide(READ_ONLY).exposed()).isTrue();
    assertThat(rules(Decision.allow, List.of(), List.of(), List.of("echo.echo")).decide(READ_ONLY).exposed()).isTrue();
    // a dot in a pattern is a dot, not "any character"
    assertThat(rules(Decision.allow, List.of(), List.of(), List.of("plugin.echoXecho")).decide(READ_ONLY).exposed()).isTrue();
    assertThat(rules(Decision.allow, List.of(), List.of(), List.of("plugin?echo.echo")).decide(READ_ONLY).exposed()).isTrue();
  }

  static Stream<String> wildcards() {
    return WILDCARDS.stream();
  }

  /**
   * Each effect × permission combination against each kind of rule: the expected decision and reason.
   * Columns: state_changing, access_expanding, default, allow, require_approval, deny → decision, reason.
   */
  static Stream<Arguments> combinations() {
    String id = "plugin.p.t";
    return Stream.of(
        // read-only tool of a plugin without access-expanding permissions: ordinary rules
        Arguments.of(false, false, Decision.allow, "", "", "", Decision.allow, "allowed_by_default"),
        Arguments.of(false, false, Decision.require_approval, "", "", "", Decision.require_approval, "approval_required_by_default"),
        Arguments.of(false, false, Decision.deny, "", "", "", Decision.deny, "denied_by_default"),
        Arguments.of(false, false, Decision.deny, "plugin.p.*", "", "", Decision.allow, "allowlisted"),
        Arguments.of(false, false, Decision.require_approval, id, "", "", Decision.allow, "allowlisted"),
        Arguments.of(false, false, Decision.allow, id, "plugin.*", "", Decision.require_approval, "approval_required_by_policy"),
        Arguments.of(false, false, Decision.allow, id, "plugin.*", "*", Decision.deny, "denied_by_policy"),
        // opt-in tools: state-changing, access-expanding, or both
        Arguments.of(true, false, Decision.allow, "", "", "", Decision.deny, "disabled_by_plugin_opt_in"),
        Arguments.of(true, false, Decision.allow, id, "", "", Decision.allow, "allowlisted"),
        Arguments.of(true, false, Decision.require_approval, id, "", "", Decision.allow, "allowlisted"),
        Arguments.of(true, false, Decision.deny, id, "", "", Decision.allow, "allowlisted"),
        Arguments.of(true, false, Decision.allow, id, "*", "", Decision.require_approval, "approval_required_by_policy"),
        Arguments.of(true, false, Decision.allow, "", "*", "", Decision.deny, "disabled_by_plugin_opt_in"),
        Arguments.of(true, false, Decision.allow, id, id, id, Decision.deny, "denied_by_policy"),
        Arguments.of(false, true, Decision.allow, "", "", "", Decision.deny, "disabled_by_plugin_opt_in"),
        Arguments.of(false, true, Decision.allow, "plugin.p.*", "", "", Decision.deny, "disabled_by_plugin_opt_in"),
        Arguments.of(false, true, Decision.allow, id, "", "", Decision.allow, "allowlisted"),
        Arguments.of(false, true, Decision.allow, id, "plugin.p.t", "", Decision.require_approval, "approval_required_by_policy"),
        Arguments.of(false, true, Decision.allow, id, "", "plugin.*", Decision.deny, "denied_by_policy"),
        Arguments.of(true, true, Decision.allow, "", "", "", Decision.deny, "disabled_by_plugin_opt_in"),
        Arguments.of(true, true, Decision.allow, id, "", "", Decision.allow, "allowlisted"),
        Arguments.of(true, true, Decision.allow, id, "*.t", "", Decision.require_approval, "approval_required_by_policy"),
        Arguments.of(true, true, Decision.allow, id, "", "*", Decision.deny, "denied_by_policy"));
  }

  @ParameterizedTest(name = "state_changing={0} access_expanding={1} default={2} allow={3} approval={4} deny={5} -> {6} {7}")
  @MethodSource("combinations")
  void decisionForEachEffectAndPermissionCombination(
      boolean stateChanging, boolean accessExpanding, Decision defaultDecision, String allow, String approval, String deny,
      Decision expected, String reason) {
    CompiledRules rules =
        rules(defaultDecision, allow.isEmpty() ? List.of() : List.of(allow), approval.isEmpty() ? List.of() : List.of(approval),
            deny.isEmpty() ? List.of() : List.of(deny));
    PolicyDecision decision = rules.decide(new ToolDescriptor("plugin.p.t", "p", stateChanging, accessExpanding));
    assertThat(decision.decision()).isEqualTo(expected);
    assertThat(decision.reason()).isEqualTo(reason);
    assertThat(decision.exposed()).isEqualTo(expected != Decision.deny);
  }
}
