package ai.tyrum.gateway.policy.shell;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.policy.decision.PolicyDecider;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyCommandsTest {

  @TempDir Path root;
  TestData data;
  PolicyCommands commands;

  @BeforeEach
  void setUp() throws Exception {
    data = new TestData(root);
    data.write("deployment.yml", "egress_classes:\n  weather: [api.weather.example:443, '*.tiles.weather.example:443']\n  parked: []\n");
    data.write("agents/ops.yml", "egress_classes:\n  weather: [api.weather.example:443]\n");
    commands = new PolicyCommands();
    commands.decider = new PolicyDecider(data, data, data.dir("policy"));
  }

  @Test
  void showListsEachAgentsEgressClasses() throws Exception {
    String out = commands.show(null, false, "", false);
    assertThat(out)
        .contains("egress_classes.weather  *.tiles.weather.example:443, api.weather.example:443")
        .contains("egress_classes.parked   (no endpoint: reaches nothing)");
    assertThat(out.substring(out.indexOf("agent ops:"))).contains("egress_classes.weather  api.weather.example:443\n");
  }

  @Test
  void showJsonCarriesTheEgressClassesOfTheSnapshot() throws Exception {
    assertThat(commands.show(null, false, "", true))
        .contains("\"egress_classes\"")
        .contains("\"*.tiles.weather.example:443\"");
  }
}
