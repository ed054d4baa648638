package ai.tyrum.gateway.itest.runset;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.GatewayHttp;
import ai.tyrum.gateway.itest.HttpResult;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleException;

/**
 * A bundle of the run set stopped by its id, as {@code felix:stop} does at the console: {@code /healthz}
 * answers 503 {@code run_set_degraded} naming it and how to start it, the console warns at once, and all is
 * as before once it starts again. The test starts every bundle it stops again, so the framework is shared.
 */
class RunSetStopIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().withBundle("gateway.policy").start();
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  @Test
  void stoppedPolicyBundleMakesHealthz503NamingItWhileTheRestOfTheApiServes() throws BundleException {
    Bundle policy = bundle("gateway.policy");
    long id = policy.getBundleId();

    String printed = gateway.printedWhile(() -> gateway.shell().run("felix:stop " + id).assertSucceeded());

    assertThat(printed).contains("warning: gateway bundle gateway.policy (" + id + ") was stopped: the gateway cannot"
        + " serve fully until it runs again; run felix:start " + id);
    HttpResult health = anonymous().get("/healthz").assertStatus(503);
    assertThat(health.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    assertThat(health.headers().firstValue("Cache-Control")).contains("no-store");
    assertThat(health.errorCode()).isEqualTo("run_set_degraded");
    assertThat(health.json().path("error").path("message").asString()).contains("gateway.policy");
    assertThat(health.json().path("error").path("details").toString())
        .isEqualTo("[\"gateway.policy (bundle " + id + ") is RESOLVED (stopped): run felix:start " + id + "\"]");
    // only /healthz is the launcher's: every other path is still gateway.core's, /status with the run set's state
    assertThat(gateway.http().get("/status").assertStatus(200).json().path("run_set").path("not_active").toString())
        .isEqualTo("[{\"bundle\":\"gateway.policy\",\"id\":" + id + ",\"state\":\"RESOLVED\"}]");
    assertThat(anonymous().get("/plugins").assertStatus(401).errorCode()).isEqualTo("unauthenticated");

    gateway.shell().run("felix:start " + id).assertSucceeded();

    HttpResult healthy = anonymous().get("/healthz").assertStatus(200);
    assertThat(healthy.json().toString()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(gateway.http().get("/status").assertStatus(200).json().path("run_set").path("not_active")).isEmpty();
  }

  @Test
  void stoppedCoreLeavesHealthzAnswering503UntilCoreServesAgain() throws BundleException {
    Bundle core = bundle("gateway.core");

    String printed = gateway.printedWhile(() -> stop(core));

    assertThat(printed).contains("warning: gateway bundle gateway.core (" + core.getBundleId() + ") was stopped");
    HttpResult health = anonymous().get("/healthz").assertStatus(503);
    assertThat(health.errorCode()).isEqualTo("run_set_degraded");
    assertThat(health.json().path("error").path("details").toString()).contains("gateway.core (bundle " + core.getBundleId() + ")");

    core.start();

    Await.until("gateway.core answers /healthz again", () -> anonymous().get("/healthz").status() == 200);
    assertThat(anonymous().get("/healthz").json().toString()).isEqualTo("{\"status\":\"ok\"}");
    gateway.http().get("/status").assertStatus(200);
  }

  @Test
  void refreshingAGatewayBundleWhichStartsItAgainIsNoCauseForAWarning() {
    long id = bundle("gateway.policy").getBundleId();

    String printed = gateway.printedWhile(() -> gateway.shell().run("felix:refresh " + id).assertSucceeded());

    Await.until("gateway.policy is active again", () -> bundle("gateway.policy").getState() == Bundle.ACTIVE);
    assertThat(printed).doesNotContain("warning: gateway bundle");
    anonymous().get("/healthz").assertStatus(200);
  }

  @Test
  void anyOtherMethodOnHealthzIsRefusedInTheApiShapeWhileDegraded() throws BundleException {
    Bundle events = bundle("org.apache.felix.eventadmin");
    stop(events);
    try {
      HttpResult refused = anonymous().post("/healthz", "{}").assertStatus(405);
      assertThat(refused.errorCode()).isEqualTo("method_not_allowed");
      assertThat(refused.headers().firstValue("Allow")).contains("GET");
    } finally {
      events.start();
    }
    anonymous().get("/healthz").assertStatus(200);
  }

  private static void stop(Bundle bundle) {
    try {
      bundle.stop();
    } catch (BundleException e) {
      throw new IllegalStateException(e);
    }
  }

  private static GatewayHttp anonymous() {
    return gateway.http().withoutToken();
  }

  private static Bundle bundle(String symbolicName) {
    return Arrays.stream(gateway.context().getBundles())
        .filter(b -> symbolicName.equals(b.getSymbolicName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
  }
}
