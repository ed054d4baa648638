package ai.tyrum.gateway.launcher.runset;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class HealthAnswerTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @Test
  void okIsGatewayCoresAnswer() {
    assertThat(HealthAnswer.ok()).isEqualTo(new HealthAnswer(200, "{\"status\":\"ok\"}"));
  }

  @Test
  void degradedNamesEachBundleItsStateAndItsRecoveryInTheApiErrorShape() {
    HealthAnswer answer = HealthAnswer.degraded(List.of(
        new NotActive("gateway.policy", 10, Bundle.RESOLVED), new NotActive("org.apache.felix.scr", 24, Bundle.UNINSTALLED)));

    JsonNode error = JSON.readTree(answer.json()).path("error");
    assertThat(answer.status()).isEqualTo(503);
    assertThat(error.path("code").asString()).isEqualTo("run_set_degraded");
    assertThat(error.path("message").asString()).isEqualTo("bundles of the gateway are not active: gateway.policy,"
        + " org.apache.felix.scr; the gateway cannot serve fully until they run again");
    assertThat(error.path("details").valueStream().map(JsonNode::asString).toList()).containsExactly(
        "gateway.policy (bundle 10) is RESOLVED (stopped): run felix:start 10",
        "org.apache.felix.scr (bundle 24) is UNINSTALLED: restart the gateway (stop it with exit, or stop 0, and start"
            + " bin/gateway again): it installs its bundles again");
  }

  @Test
  void oneBundleReadsInTheSingular() {
    HealthAnswer answer = HealthAnswer.degraded(List.of(new NotActive("gateway.core", 9, Bundle.INSTALLED)));

    assertThat(JSON.readTree(answer.json()).path("error").path("message").asString())
        .isEqualTo("a bundle of the gateway is not active: gateway.core; the gateway cannot serve fully until it runs again");
  }

  @Test
  void methodNotAllowedSaysWhichMethodToUse() {
    HealthAnswer answer = HealthAnswer.methodNotAllowed("POST");

    assertThat(answer.status()).isEqualTo(405);
    assertThat(answer.json()).isEqualTo("{\"error\":{\"code\":\"method_not_allowed\",\"message\":\"use GET\",\"details\":[]}}");
  }

  @Test
  void quoteEscapesWhatJsonRequires() {
    String awkward = "a\"b\\c\nd\te\u0001";

    assertThat(JSON.readTree(HealthAnswer.quote(awkward)).asString()).isEqualTo(awkward);
  }
}
