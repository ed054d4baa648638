package ai.tyrum.gateway.launcher.runset;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class NotActiveTest {

  @Test
  void stoppedBundleIsStartedAgainByItsId() {
    NotActive stopped = new NotActive("gateway.policy", 10, Bundle.RESOLVED);

    assertThat(stopped.recovery()).isEqualTo("run felix:start 10");
    assertThat(stopped.warning()).isEqualTo("warning: gateway bundle gateway.policy (10) was stopped: the gateway cannot"
        + " serve fully until it runs again; run felix:start 10");
  }

  @Test
  void uninstalledBundleComesBackOnlyWithARestart() {
    NotActive uninstalled = new NotActive("org.apache.felix.scr", 24, Bundle.UNINSTALLED);

    assertThat(uninstalled.recovery()).doesNotContain("felix:start").contains("restart the gateway");
    assertThat(uninstalled.warning()).isEqualTo("warning: gateway bundle org.apache.felix.scr (24) was uninstalled:"
        + " felix:start cannot bring it back, the gateway cannot serve fully until it restarts; stop it (exit, or"
        + " stop 0) and start bin/gateway again");
  }
}
