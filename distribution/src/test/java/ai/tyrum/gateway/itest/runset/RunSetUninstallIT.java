package ai.tyrum.gateway.itest.runset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The README once told operators to {@code felix:uninstall 27}, which was Felix SCR: every DS component
 * of the gateway went away, gateway.core's HTTP API with it, and {@code /healthz} answered Jetty's HTML
 * 404. Now {@code /healthz} still answers, 503 in the API's error shape, naming what is gone and that only
 * a restart brings it back. One framework per test, as nothing installs an uninstalled bundle again.
 */
class RunSetUninstallIT {

  private GatewayFramework gateway;

  @BeforeEach
  void start() {
    gateway = GatewayFramework.start();
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void uninstalledScrLeavesHealthz503NamingItNeverJettysHtml404() throws Exception {
    Bundle scr = bundle("org.apache.felix.scr");
    long id = scr.getBundleId();

    String printed = gateway.printedWhile(() -> gateway.shell().run("felix:uninstall " + id).assertSucceeded());

    // the uninstall stops the bundle first: the last line is the one that says what to do
    assertThat(printed.lines().toList()).last().isEqualTo("warning: gateway bundle org.apache.felix.scr (" + id + ") was"
        + " uninstalled: felix:start cannot bring it back, the gateway cannot serve fully until it restarts; stop it"
        + " (exit, or stop 0) and start bin/gateway again");
    HttpResult health = gateway.http().withoutToken().get("/healthz").assertStatus(503);
    assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(health.errorCode()).isEqualTo("run_set_degraded");
    assertThat(health.json().path("error").path("details").toString()).isEqualTo("[\"org.apache.felix.scr (bundle " + id
        + ") is UNINSTALLED: restart the gateway (stop it with exit, or stop 0, and start bin/gateway again): it installs"
        + " its bundles again\"]");
  }

  @Test
  void uninstalledCoreAfterScrStillLeavesHealthzNamingBoth() throws Exception {
    Bundle scr = bundle("org.apache.felix.scr");
    Bundle core = bundle("gateway.core");

    scr.uninstall();
    core.uninstall();

    HttpResult health = gateway.http().withoutToken().get("/healthz").assertStatus(503);
    assertThat(health.errorCode()).isEqualTo("run_set_degraded");
    assertThat(health.json().path("error").path("message").asString()).contains("org.apache.felix.scr").contains("gateway.core");
    assertThat(health.json().path("error").path("details")).hasSize(2);
  }

  private Bundle bundle(String symbolicName) {
    return Arrays.stream(gateway.context().getBundles())
        .filter(b -> symbolicName.equals(b.getSymbolicName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
  }
}
