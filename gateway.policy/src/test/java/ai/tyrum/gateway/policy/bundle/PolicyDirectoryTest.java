package ai.tyrum.gateway.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.policy.PolicyException;
import ai.tyrum.gateway.policy.TestData;
import ai.tyrum.gateway.spi.EgressEndpoint;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The egress class rules that span files, checked when the policy dir is read. */
class PolicyDirectoryTest {

  @TempDir Path root;
  TestData data;

  @BeforeEach
  void setUp() throws Exception {
    data = new TestData(root);
    data.write("deployment.yml", "egress_classes:\n  web: [a.example.com:443, b.example.com:443, '*.cdn.example.com:443']\n");
  }

  private PolicySources read() {
    return new PolicyDirectory(data.dir("policy"), new PolicyReader()).read();
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
  void agentFileMayNarrowADeploymentClassOrDefineOneOfItsOwn() throws Exception {
    data.write("agents/ops.yml", "egress_classes:\n  web: [b.example.com:443, eu.cdn.example.com:443]\n  metrics: ['10.0.0.7:9090']\n");
    PolicySources sources = read();
    assertThat(sources.agent("ops").orElseThrow().egressClasses()).containsOnlyKeys("web", "metrics");
  }

  @Test
  void agentFileThatAddsAnEndpointToADeploymentClassIsRefused() throws Exception {
    data.write("agents/ops.yml", "egress_classes:\n  web: [a.example.com:443, evil.example.org:443]\n");
    assertThat(refused()).singleElement().satisfies(d -> assertThat(d)
        .startsWith("agents/ops.yml: /egress_classes/web/1: egress_class_widened: evil.example.org:443 is not in class web as deployment.yml defines it")
        .contains("define a class of its own under another name"));
  }

  @Test
  void agentFileCannotWidenAWildcardOrChangeAPort() throws Exception {
    data.write("agents/ops.yaml", "egress_classes:\n  web: ['*.example.com:443', 'a.example.com:8443']\n");
    assertThat(refused())
        .anySatisfy(d -> assertThat(d).startsWith("agents/ops.yaml: /egress_classes/web/0: egress_class_widened"))
        .anySatisfy(d -> assertThat(d).startsWith("agents/ops.yaml: /egress_classes/web/1: egress_class_widened"));
  }

  @Test
  void overridesMayNarrowADeploymentClass() throws Exception {
    data.write("overrides.yml", "egress_classes:\n  web: [a.example.com:443]\n");
    assertThat(read().overrides().egressClasses().get("web")).containsExactly(new EgressEndpoint("a.example.com", 443));
  }

  @Test
  void overridesThatAddAnEndpointIsRefused() throws Exception {
    data.write("overrides.yml", "egress_classes:\n  web: [a.example.com:443, c.example.com:443]\n");
    assertThat(refused()).singleElement().satisfies(d -> assertThat(d)
        .startsWith("overrides.yml: /egress_classes/web/1: egress_class_widened: c.example.com:443 is not in class web as deployment.yml defines it")
        .contains("can only remove endpoints from a class, never add one"));
  }

  @Test
  void overridesThatDefineAClassIsRefused() throws Exception {
    data.write("overrides.yml", "egress_classes:\n  everywhere: ['*.example.org:443']\n");
    assertThat(refused()).singleElement().satisfies(d -> assertThat(d)
        .startsWith("overrides.yml: /egress_classes/everywhere: egress_class_undefined:")
        .contains("define it in deployment.yml, or remove it here"));
  }

  @Test
  void overridesMayNarrowAClassThatOnlyAgentFilesDefineButNotAddToIt() throws Exception {
    data.write("agents/ops.yml", "egress_classes:\n  metrics: ['10.0.0.7:9090', '10.0.0.8:9090']\n");
    data.write("overrides.yml", "egress_classes:\n  metrics: ['10.0.0.7:9090']\n");
    assertThat(read().overrides().egressClasses()).containsOnlyKeys("metrics");
    data.write("overrides.yml", "egress_classes:\n  metrics: ['10.0.0.9:9090']\n");
    assertThat(refused()).singleElement().satisfies(d -> assertThat(d)
        .startsWith("overrides.yml: /egress_classes/metrics/0: egress_class_widened: 10.0.0.9:9090 is not in class metrics as the agent files define it"));
  }

  @Test
  void aFileThatIsInvalidOnItsOwnIsReportedWithoutFaultsAcrossFiles() throws Exception {
    data.write("deployment.yml", "egress_classes:\n  web: [a.example.com:0]\n");
    data.write("overrides.yml", "egress_classes:\n  web: [a.example.com:443]\n");
    assertThat(refused()).singleElement().satisfies(d -> assertThat(d).startsWith("deployment.yml: /egress_classes/web/0: egress_port_invalid"));
  }

  @Test
  void everyWideningEntryOfEveryFileIsReportedAtOnce() throws Exception {
    data.write("agents/ops.yml", "egress_classes:\n  web: [x.example.com:443]\n");
    data.write("agents/dev.yml", "egress_classes:\n  web: [y.example.com:443]\n");
    data.write("overrides.yml", "egress_classes:\n  web: [z.example.com:443]\n  nope: []\n");
    assertThatThrownBy(this::read).isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.details()).hasSize(4));
  }
  @Test
  void agentFileMayNotHoldThePluginsSection() throws Exception {
    data.write("agents/ops.yml", "plugins:\n  local_installs: false\n");
    assertThat(refused()).singleElement().asString()
        .startsWith("agents/ops.yml: /plugins: plugins_not_per_agent: ").contains("deployment.yml");
  }

  @Test
  void overridesMayOnlyNarrowThePluginsSection() throws Exception {
    data.write("deployment.yml", "plugins:\n  allow_sources: [internal, staging]\n  approvals: {install: 2}\n");
    data.write("overrides.yml", "plugins:\n  local_installs: false\n  deploy_preapproved: false\n"
        + "  allow_sources: [staging]\n  approvals: {install: 3, enable: 1}\n");
    assertThat(read().overrides().plugins().allowSources()).contains(List.of("staging"));
  }

  @Test
  void overridesThatWouldWidenThePluginsSectionAreRefusedWithEachPointer() throws Exception {
    data.write("deployment.yml", "plugins:\n  allow_sources: [internal]\n  approvals: {install: 2}\n");
    data.write("overrides.yml", "plugins:\n  local_installs: true\n  deploy_preapproved: true\n"
        + "  allow_sources: [internal, public-mirror]\n  approvals: {install: 1}\n");
    assertThat(refused()).satisfiesExactlyInAnyOrder(
        d -> assertThat(d).startsWith("overrides.yml: /plugins/local_installs: plugins_override_widens: "),
        d -> assertThat(d).startsWith("overrides.yml: /plugins/deploy_preapproved: plugins_override_widens: "),
        d -> assertThat(d).startsWith("overrides.yml: /plugins/allow_sources/1: plugins_override_widens: ").contains("public-mirror"),
        d -> assertThat(d).startsWith("overrides.yml: /plugins/approvals/install: plugins_override_widens: ").contains("needs 2"));
  }
}
