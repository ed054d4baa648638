package ai.tyrum.gateway.policy.decision;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.lib.egress.EgressEndpoints;
import ai.tyrum.gateway.policy.bundle.PolicyLayer;
import ai.tyrum.gateway.policy.bundle.PolicySources;
import ai.tyrum.gateway.policy.merge.MergedPolicy;
import ai.tyrum.gateway.policy.merge.PolicyMerge;
import ai.tyrum.gateway.spi.EgressEndpoint;
import ai.tyrum.gateway.spi.RequestedPermission;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class UndefinedEgressClassesTest {

  private static PolicyLayer defining(String... names) {
    Map<String, List<EgressEndpoint>> classes = new TreeMap<>();
    for (String name : names) {
      classes.put(name, List.of(EgressEndpoints.parse(name + ".example.com:443")));
    }
    return PolicyLayer.EMPTY.withEgressClasses(classes);
  }

  private static RequestedPermission egress(String plugin, String target) {
    return new RequestedPermission(plugin, "1.0.0", "network.egress", target);
  }

  private final MergedPolicy policy =
      PolicyMerge.merge(PolicySources.of(defining("weather"), Map.of("ops", defining("metrics"), "dev", PolicyLayer.EMPTY), PolicyLayer.EMPTY));

  @Test
  void classThatEveryAgentSeesIsFine() {
    assertThat(UndefinedEgressClasses.find(policy, List.of(egress("weather", "class:weather")))).isEmpty();
  }

  @Test
  void classNoFileDefinesIsFoundForEveryAgent() {
    assertThat(UndefinedEgressClasses.find(policy, List.of(egress("maps", "class:maps"))))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.pluginId()).isEqualTo("maps");
          assertThat(f.className()).isEqualTo("maps");
          assertThat(f.nowhere()).isTrue();
          assertThat(f.missingFor()).containsExactly("", "dev", "ops");
        });
  }

  @Test
  void classOnlyOneAgentDefinesIsFoundForTheOthers() {
    assertThat(UndefinedEgressClasses.find(policy, List.of(egress("probe", "class:metrics"))))
        .singleElement()
        .satisfies(f -> {
          assertThat(f.nowhere()).isFalse();
          assertThat(f.missingFor()).containsExactly("", "dev");
        });
  }

  @Test
  void onlyNetworkEgressClassTargetsAreChecked() {
    assertThat(UndefinedEgressClasses.find(policy, List.of(
        egress("a", "api.example.com:443"),
        new RequestedPermission("b", "1.0.0", "secrets.read", "class:nope"),
        new RequestedPermission("c", "1.0.0", "fs.read", "class:nope")))).isEmpty();
  }

  @Test
  void classTargetIsReadWithTheManifestGrammar() {
    // a name with '_' is one a plugin can name and a policy can define; one outside the grammar, neither
    assertThat(UndefinedEgressClasses.find(policy, List.of(egress("db", "class:internal_db"), egress("odd", "class:Not.A.Name"))))
        .extracting(UndefinedEgressClasses.Finding::className)
        .containsExactly("internal_db");
  }

  @Test
  void aClassRequestedTwiceByOnePluginIsFoundOnce() {
    assertThat(UndefinedEgressClasses.find(policy, List.of(egress("maps", "class:maps"), egress("maps", "class:maps"), egress("geo", "class:maps"))))
        .extracting(UndefinedEgressClasses.Finding::pluginId)
        .containsExactly("maps", "geo");
  }
}
