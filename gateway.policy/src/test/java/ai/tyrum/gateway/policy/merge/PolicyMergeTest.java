package ai.tyrum.gateway.policy.merge;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.egress.EgressEndpoints;
import ai.tyrum.gateway.policy.bundle.PluginLayer;
import ai.tyrum.gateway.policy.bundle.PolicyLayer;
import ai.tyrum.gateway.policy.bundle.PolicySources;
import ai.tyrum.gateway.policy.decision.CompiledRules;
import ai.tyrum.gateway.policy.snapshot.PolicySnapshot;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.PluginRules;
import ai.tyrum.gateway.spi.ToolDescriptor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The merge table of {@link PolicyMerge}, row by row. */
class PolicyMergeTest {

  private static PolicyLayer layer(String defaultDecision, List<String> allow, List<String> approval, List<String> deny) {
    return new PolicyLayer(
        defaultDecision.isEmpty() ? Optional.empty() : Optional.of(Decision.valueOf(defaultDecision)),
        allow, approval, deny, List.of(), OptionalLong.empty(), new TreeMap<>());
  }

  private static PolicyLayer defaults(String decision) {
    return layer(decision, List.of(), List.of(), List.of());
  }

  private static PolicyLayer ttl(long seconds) {
    return new PolicyLayer(Optional.empty(), List.of(), List.of(), List.of(), List.of(), OptionalLong.of(seconds), new TreeMap<>());
  }

  @Test
  void noFilesGiveTheShippedDefault() {
    MergedPolicy merged = PolicyMerge.merge(PolicySources.NONE);
    assertThat(merged.base()).isEqualTo(RuleSet.DEFAULT);
    assertThat(merged.agents()).isEmpty();
  }

  @ParameterizedTest(name = "default: deployment={0} agent={1} overrides={2} -> {3}")
  @CsvSource({
    // the agent's file replaces the deployment's default
    "'', '', '', allow",
    "deny, '', '', deny",
    "deny, allow, '', allow",
    "allow, require_approval, '', require_approval",
    "require_approval, '', '', require_approval",
    // overrides apply only when stricter
    "allow, '', deny, deny",
    "allow, allow, require_approval, require_approval",
    "deny, '', allow, deny",
    "require_approval, '', allow, require_approval",
    "deny, allow, require_approval, require_approval",
    "'', '', require_approval, require_approval",
    "'', deny, allow, deny",
  })
  void defaultDecision(String deployment, String agent, String overrides, Decision expected) {
    RuleSet rules = PolicyMerge.merge(defaults(deployment), defaults(agent), defaults(overrides));
    assertThat(rules.defaultDecision()).isEqualTo(expected);
  }

  @Test
  void listsAreUnionsOfEveryLayer() {
    RuleSet rules =
        PolicyMerge.merge(
            layer("", List.of("a.a"), List.of("b.*"), List.of("c.*")),
            layer("", List.of("a.b"), List.of("b.b"), List.of("c.c")),
            layer("", List.of("a.c"), List.of(), List.of("d.*")));
    assertThat(rules.allow()).containsExactly("a.a", "a.b", "a.c");
    assertThat(rules.requireApproval()).containsExactly("b.*", "b.b");
    assertThat(rules.deny()).containsExactly("c.*", "c.c", "d.*");
  }

  @Test
  void overridesNeverLiftADeploymentDeny() {
    ToolDescriptor tool = new ToolDescriptor("plugin.notes.add_note", "notes", true, false);
    RuleSet rules =
        PolicyMerge.merge(
            layer("", List.of(), List.of(), List.of("plugin.notes.*")),
            PolicyLayer.EMPTY,
            layer("allow", List.of("plugin.notes.add_note"), List.of(), List.of()));
    assertThat(new CompiledRules(rules, "s").decide(tool).reason()).isEqualTo("denied_by_policy");
  }

  @Test
  void overridesNeverLiftAnAgentDeny() {
    ToolDescriptor tool = new ToolDescriptor("plugin.echo.echo", "echo", false, false);
    RuleSet rules =
        PolicyMerge.merge(
            PolicyLayer.EMPTY,
            layer("", List.of(), List.of(), List.of("plugin.echo.echo")),
            layer("allow", List.of("plugin.echo.echo", "*"), List.of(), List.of()));
    assertThat(new CompiledRules(rules, "s").decide(tool).decision()).isEqualTo(Decision.deny);
  }

  @Test
  void overridesCanNarrowAnAllowToApprovalOrDeny() {
    ToolDescriptor tool = new ToolDescriptor("plugin.notes.add_note", "notes", true, false);
    PolicyLayer deployment = layer("", List.of("plugin.notes.add_note"), List.of(), List.of());
    RuleSet approval = PolicyMerge.merge(deployment, PolicyLayer.EMPTY, layer("", List.of(), List.of("plugin.notes.*"), List.of()));
    assertThat(new CompiledRules(approval, "s").decide(tool).decision()).isEqualTo(Decision.require_approval);
    RuleSet denied = PolicyMerge.merge(deployment, PolicyLayer.EMPTY, layer("", List.of(), List.of(), List.of("*")));
    assertThat(new CompiledRules(denied, "s").decide(tool).decision()).isEqualTo(Decision.deny);
  }

  @Test
  void approvalTtlIsReplacedByTheAgentAndOnlyShortenedByOverrides() {
    assertThat(PolicyMerge.merge(PolicyLayer.EMPTY, PolicyLayer.EMPTY, PolicyLayer.EMPTY).approvalTtlSeconds())
        .isEqualTo(RuleSet.DEFAULT_APPROVAL_TTL_SECONDS);
    assertThat(PolicyMerge.merge(ttl(100), ttl(500), PolicyLayer.EMPTY).approvalTtlSeconds()).isEqualTo(500);
    assertThat(PolicyMerge.merge(ttl(100), ttl(500), ttl(50)).approvalTtlSeconds()).isEqualTo(50);
    assertThat(PolicyMerge.merge(ttl(100), PolicyLayer.EMPTY, ttl(5000)).approvalTtlSeconds()).isEqualTo(100);
  }

  @Test
  void redactionPatternsAccumulateInFileOrder() {
    PolicyLayer a = new PolicyLayer(Optional.empty(), List.of(), List.of(), List.of(), List.of("x+", "y+"), OptionalLong.empty(), new TreeMap<>());
    PolicyLayer b = new PolicyLayer(Optional.empty(), List.of(), List.of(), List.of(), List.of("z+", "x+"), OptionalLong.empty(), new TreeMap<>());
    assertThat(PolicyMerge.merge(a, PolicyLayer.EMPTY, b).redact()).containsExactly("x+", "y+", "z+");
  }

  /** {@code web=a.example.com:443,b.example.com:443;db=10.0.0.5:5432}; {@code web=} is a class with no endpoint. */
  private static PolicyLayer classes(String text) {
    Map<String, List<EgressEndpoint>> classes = new TreeMap<>();
    for (String entry : text.split(";")) {
      if (entry.isBlank()) {
        continue;
      }
      String[] parts = entry.split("=", -1);
      classes.put(parts[0].strip(), parts[1].isBlank() ? List.of() : Arrays.stream(parts[1].split(",")).map(e -> EgressEndpoints.parse(e.strip())).toList());
    }
    return PolicyLayer.EMPTY.withEgressClasses(classes);
  }

  private static String text(RuleSet rules) {
    return rules.egressClasses().entrySet().stream()
        .map(e -> e.getKey() + "=" + e.getValue().stream().map(EgressEndpoint::toString).collect(Collectors.joining(",")))
        .collect(Collectors.joining(";"));
  }

  @ParameterizedTest(name = "egress: deployment={0} agent={1} overrides={2} -> agent {3}, others {4}")
  @CsvSource(delimiter = '|', value = {
    // deployment defines classes for every agent
    "web=a.example.com:443,b.example.com:443 | ''                          | ''                     | web=a.example.com:443,b.example.com:443 | web=a.example.com:443,b.example.com:443",
    // an agent file narrows a deployment class for its agent only, by a subset or by names inside a wildcard
    "web=a.example.com:443,b.example.com:443 | web=a.example.com:443       | ''                     | web=a.example.com:443                   | web=a.example.com:443,b.example.com:443",
    "web=*.example.com:443                   | web=api.example.com:443     | ''                     | web=api.example.com:443                 | web=*.example.com:443",
    // or defines a class of its own, which no other agent sees
    "web=a.example.com:443                   | own=c.example.com:443       | ''                     | own=c.example.com:443;web=a.example.com:443 | web=a.example.com:443",
    // overrides narrow every agent's view of a class
    "web=a.example.com:443,b.example.com:443 | ''                          | web=b.example.com:443  | web=b.example.com:443                   | web=b.example.com:443",
    "web=a.example.com:443,b.example.com:443 | web=a.example.com:443       | web=b.example.com:443  | web=                                    | web=b.example.com:443",
    "web=*.example.com:443                   | ''                          | web=*.api.example.com:443 | web=*.api.example.com:443            | web=*.api.example.com:443",
    "web=*.example.com:443                   | web=*.api.example.com:443   | web=x.api.example.com:443,*.example.com:443 | web=*.api.example.com:443,x.api.example.com:443 | web=*.example.com:443,x.api.example.com:443",
    // an empty list in overrides is a kill switch: the class stays defined and reaches nothing
    "web=a.example.com:443                   | ''                          | web=                   | web=                                    | web=",
    // overrides narrow an agent's own class too, but never define one
    "''                                      | own=c.example.com:443,d.example.com:443 | own=c.example.com:443 | own=c.example.com:443        | ''",
    "web=a.example.com:443                   | ''                          | other=x.example.com:443 | web=a.example.com:443                  | web=a.example.com:443",
    // even unchecked, no layer after the deployment can add an endpoint: each is an intersection
    "web=a.example.com:443                   | web=a.example.com:443,z.example.com:443 | ''         | web=a.example.com:443                   | web=a.example.com:443",
    "web=a.example.com:443                   | web=a.example.com:80        | ''                     | web=                                    | web=a.example.com:443",
    "web=api.example.com:443                 | ''                          | web=*.example.com:443  | web=api.example.com:443                 | web=api.example.com:443",
  })
  void egressClasses(String deployment, String agent, String overrides, String forAgent, String forOthers) {
    MergedPolicy merged = PolicyMerge.merge(PolicySources.of(classes(deployment), Map.of("ops", classes(agent)), classes(overrides)));
    assertThat(text(merged.rulesFor("ops"))).isEqualTo(forAgent);
    assertThat(text(merged.base())).isEqualTo(forOthers);
  }

  @Test
  void egressClassesChangeTheSnapshotJsonOnlyWhenThereAreAny() {
    assertThat(RuleSet.DEFAULT.toJson()).doesNotContainKey("egress_classes");
    RuleSet withClass = PolicyMerge.merge(classes("web=a.example.com:443"), PolicyLayer.EMPTY, PolicyLayer.EMPTY);
    assertThat(withClass.toJson()).containsEntry("egress_classes", Map.of("web", List.of("a.example.com:443")));
    assertThat(RuleSet.fromJson(withClass.toJson())).isEqualTo(withClass);
  }

  @Test
  void agentFilesApplyOnlyToTheirAgent() {
    PolicySources sources =
        PolicySources.of(
            defaults("allow"),
            Map.of("ops", layer("", List.of("plugin.notes.add_note"), List.of(), List.of()),
                "intern", layer("deny", List.of(), List.of(), List.of())),
            PolicyLayer.EMPTY);
    MergedPolicy merged = PolicyMerge.merge(sources);
    assertThat(merged.rulesFor("ops").allow()).containsExactly("plugin.notes.add_note");
    assertThat(merged.rulesFor("intern").defaultDecision()).isEqualTo(Decision.deny);
    assertThat(merged.rulesFor("default")).isEqualTo(merged.base());
    assertThat(merged.base().allow()).isEmpty();
  }
  private static PluginLayer plugins(Boolean local, Boolean deploy, List<String> sources, Map<String, Integer> approvals) {
    return new PluginLayer(true, Optional.ofNullable(local), Optional.ofNullable(deploy), Optional.ofNullable(sources), approvals);
  }

  @Test
  void noPluginsSectionGivesTheDefaultPluginRulesAndKeepsTheSnapshotId() {
    MergedPolicy merged = PolicyMerge.merge(PolicySources.NONE);
    assertThat(merged.plugins()).isEqualTo(PluginRules.DEFAULT);
    assertThat(merged.toJson()).doesNotContainKey("plugins");
    MergedPolicy saidExplicitly = PolicyMerge.merge(PolicySources.of(
        withPlugins(plugins(true, false, List.of(), Map.of("install", 0, "upgrade", 0, "enable", 0))), Map.of(), PolicyLayer.EMPTY));
    assertThat(PolicySnapshot.idOf(saidExplicitly)).as("the defaults written out").isEqualTo(PolicySnapshot.idOf(merged));
  }

  @Test
  void deploymentSetsThePluginRulesAndTheyChangeTheSnapshotId() {
    MergedPolicy merged = PolicyMerge.merge(PolicySources.of(
        withPlugins(plugins(false, true, List.of("staging", "internal"), Map.of("install", 2))), Map.of(), PolicyLayer.EMPTY));
    assertThat(merged.plugins()).isEqualTo(new PluginRules(false, true, List.of("internal", "staging"), Map.of("install", 2)));
    assertThat(merged.plugins().approversFor("install")).isEqualTo(2);
    assertThat(merged.plugins().approversFor("enable")).isZero();
    assertThat(PolicySnapshot.idOf(merged)).isNotEqualTo(PolicySnapshot.idOf(PolicyMerge.merge(PolicySources.NONE)));
    assertThat(MergedPolicy.fromJson(merged.toJson())).as("stored and read back").isEqualTo(merged);
  }

  @Test
  void overridesOnlyNarrowThePluginRules() {
    PolicyLayer deployment = withPlugins(plugins(true, true, List.of("internal", "staging"), Map.of("install", 2, "upgrade", 1)));
    PolicyLayer overrides = withPlugins(plugins(false, false, List.of("staging"), Map.of("install", 3, "enable", 1)));
    PluginRules merged = PolicyMerge.merge(PolicySources.of(deployment, Map.of(), overrides)).plugins();
    assertThat(merged.localInstalls()).isFalse();
    assertThat(merged.deployPreapproved()).isFalse();
    assertThat(merged.allowedSources()).containsExactly("staging");
    assertThat(merged.approvers()).isEqualTo(Map.of("install", 3, "upgrade", 1, "enable", 1));

    PluginRules untouched = PolicyMerge.merge(PolicySources.of(deployment, Map.of(), withPlugins(PluginLayer.EMPTY))).plugins();
    assertThat(untouched).isEqualTo(new PluginRules(true, true, List.of("internal", "staging"), Map.of("install", 2, "upgrade", 1)));
  }

  private static PolicyLayer withPlugins(PluginLayer plugins) {
    return new PolicyLayer(Optional.empty(), List.of(), List.of(), List.of(), List.of(), OptionalLong.empty(), new TreeMap<>(), plugins);
  }
}
