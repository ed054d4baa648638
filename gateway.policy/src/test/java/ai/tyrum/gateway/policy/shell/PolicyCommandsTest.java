package ai.tyrum.gateway.policy.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import ai.tyrum.gateway.spi.RequestedPermission;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandsTest {

  @TempDir Path root;
  TestData data;
  PolicyShowCommand show;
  PolicyCheckCommand check;
  PolicyDecider decider;

  @BeforeEach
  void setUp() throws Exception {
    data = new TestData(root);
    data.write("deployment.yml", "egress_classes:\n  weather: [api.weather.example:443, '*.tiles.weather.example:443']\n  parked: []\n");
    data.write("agents/ops.yml", "egress_classes:\n  weather: [api.weather.example:443]\n");
    decider = new PolicyDecider(data, data);
    show = new PolicyShowCommand(decider);
    check = new PolicyCheckCommand(decider);
  }

  @Test
  void showListsEachAgentsEgressClasses() throws Exception {
    String out = show.show("", false);
    assertThat(out)
        .contains("egress_classes.weather  *.tiles.weather.example:443, api.weather.example:443")
        .contains("egress_classes.parked   (no endpoint: reaches nothing)");
    assertThat(out.substring(out.indexOf("agent ops:"))).contains("egress_classes.weather  api.weather.example:443\n");
  }

  @Test
  void checkReportsALoadedPluginWhoseEgressClassThePolicyDoesNotDefine() throws Exception {
    check.plugins = () -> List.of(
        new RequestedPermission("weather", "1.2.0", "network.egress", "class:weather"),
        new RequestedPermission("maps", "0.3.0", "network.egress", "class:maps"),
        new RequestedPermission("maps", "0.3.0", "secrets.read", "maps"));
    data.write("agents/ops.yml", "egress_classes:\n  weather: [api.weather.example:443]\n  ops-only: [ops.example.com:443]\n");
    String out = check.check();
    assertThat(out.lines()).hasSize(2);
    assertThat(out)
        .startsWith("policy files ok: snapshot ")
        .contains("warning: plugin maps 0.3.0 requests network.egress class:maps, which the policy does not define: that egress is refused");
  }

  @Test
  void checkNamesTheAgentsThatDoNotSeeAPluginsEgressClass() throws Exception {
    data.write("agents/ops.yml", "egress_classes:\n  ops-only: [ops.example.com:443]\n");
    check.plugins = () -> List.of(new RequestedPermission("probe", "1.0.0", "network.egress", "class:ops-only"));
    assertThat(check.check())
        .contains("warning: plugin probe 1.0.0 requests network.egress class:ops-only, which the policy does not define for agents without a policy file: that egress is refused for them");
  }

  @Test
  void checkWithoutThePluginListSaysThatPluginsWereNotChecked() throws Exception {
    assertThat(check.check()).endsWith("\nplugins not checked: the gateway does not list the permissions of loaded plugins");
  }

  @Test
  void showJsonCarriesTheEgressClassesOfTheSnapshot() throws Exception {
    assertThat(show.show("", true))
        .contains("\"egress_classes\"")
        .contains("\"*.tiles.weather.example:443\"");
  }
  @Test
  void showSaysThePluginRulesInForce() throws Exception {
    assertThat(show.show("", false))
        .contains("plugins (the whole gateway):")
        .contains("plugins.local_installs      true")
        .contains("plugins.allow_sources       (none)")
        .contains("plugins.approvals.install   0 (no approval needed)");
    data.write("deployment.yml", "plugins:\n  local_installs: false\n  allow_sources: [internal]\n  approvals: {install: 2}\n");
    decider.reload();
    String out = show.show("", false);
    assertThat(out)
        .contains("plugins.local_installs      false")
        .contains("plugins.allow_sources       internal")
        .contains("plugins.approvals.install   2 distinct operator(s)");
    assertThat(show.show("", true)).contains("\"local_installs\" : false").contains("\"install\" : 2");
  }

  @Test
  void checkRefusesAPluginsSectionInAnAgentFileWithTheErrorShape() throws Exception {
    data.write("agents/ops.yml", "plugins:\n  approvals: {install: 2}\n");
    assertThatThrownBy(check::check).isInstanceOfSatisfying(PolicyException.class, e -> {
      assertThat(e.code()).isEqualTo("invalid_policy");
      assertThat(e.details()).singleElement().asString().startsWith("agents/ops.yml: /plugins: plugins_not_per_agent: ");
    });
  }

  @Test
  void checkOfOneFileRefusesAPluginsValueOfAnotherType() throws Exception {
    Path file = root.resolve("candidate.yml");
    java.nio.file.Files.writeString(file, "plugins:\n  approvals: {install: 2.0}\n  local_installs: 'no'\n");
    assertThatThrownBy(() -> check.check(file.toString())).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.details())
        .anySatisfy(d -> assertThat(d).startsWith("candidate.yml: /plugins/approvals/install: number_not_whole: "))
        .anySatisfy(d -> assertThat(d).startsWith("candidate.yml: /plugins/local_installs: ").contains("string found, boolean expected")));
  }
}
