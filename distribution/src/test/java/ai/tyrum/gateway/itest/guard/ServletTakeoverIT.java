package ai.tyrum.gateway.itest.guard;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.Arrays;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16, item 1: a plugin registers HTTP whiteboard servlets on {@code /events} and {@code /*} (fixture
 * {@code servlet-takeover}) to answer the API in the gateway's place and read callers' bearer tokens. The
 * service guard hides them from Felix HTTP; the plugin is refused with the servlet's type.
 */
class ServletTakeoverIT {

  private static GatewayFramework gateway;
  private static Bundle takeover;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .token("reader", "operator.read")
        .plugin("echo")
        .start();
    gateway.awaitPluginState("echo", "loaded");
    takeover = gateway.install(gateway.fixture("servlet-takeover"));
    gateway.awaitPluginState("servlet-takeover", "failed");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void eventsIsStillTheGatewaysAndTheServletNeverSeesARequest() throws Exception {
    JsonNode events = gateway.http().withToken(gateway.token("reader")).get("/events?after=0").assertStatus(200).json();
    assertThat(events.path("events").isArray()).isTrue();
    assertThat(gateway.http().withoutToken().get("/events").status()).isEqualTo(401);
    gateway.http().withoutToken().get("/anything-else");
    gateway.http().get("/plugins/echo/rpc/ping").assertStatus(200);

    assertThat(seenByTheTakeoverServlets()).isEmpty();
  }

  @Test
  void theServletIsRefusedWithItsTypeAndThePluginServesNothing() {
    JsonNode plugin = gateway.http().get("/plugins/servlet-takeover").assertStatus(200).json();
    assertThat(plugin.path("state").asString()).isEqualTo("failed");
    assertThat(plugin.path("reason").asString()).isEqualTo("undeclared_service");

    Await.until("both servlets are recorded", () -> failures("servlet-takeover").size() >= 2);
    List<JsonNode> refusals = failures("servlet-takeover");
    assertThat(refusals).allSatisfy(event -> {
      assertThat(event.path("payload").path("reason").asString()).isEqualTo("undeclared_service");
      assertThat(event.path("payload").path("details").get(0).asString()).contains("jakarta.servlet.Servlet");
    });
    assertThat(gateway.http().get("/audit/verify").assertStatus(200).json().path("ok").asBoolean()).isTrue();
  }

  @Test
  void theServletIsHiddenFromFelixHttpButNotFromThePluginItself() throws Exception {
    Bundle http = Arrays.stream(gateway.context().getBundles())
        .filter(b -> "org.apache.felix.http.jetty".equals(b.getSymbolicName()))
        .findFirst().orElseThrow();
    ServiceReference<?>[] seenByHttp = http.getBundleContext().getServiceReferences("jakarta.servlet.Servlet", null);
    assertThat(seenByHttp == null ? List.of() : List.of(seenByHttp)).noneMatch(r -> r.getBundle().equals(takeover));
    assertThat(takeover.getBundleContext().getServiceReferences("jakarta.servlet.Servlet", null)).hasSize(2);
  }

  private static List<JsonNode> failures(String id) {
    JsonNode events = gateway.http().get("/events?after=0").assertStatus(200).json().path("events");
    return StreamSupport.stream(events.spliterator(), false)
        .filter(e -> e.path("type").asString().equals("plugin.lifecycle"))
        .filter(e -> e.path("payload").path("plugin").path("id").asString().equals(id))
        .filter(e -> e.path("payload").path("kind").asString().equals("failed"))
        .toList();
  }

  @SuppressWarnings("unchecked")
  private static List<String> seenByTheTakeoverServlets() throws Exception {
    return (List<String>) takeover.loadClass("ai.tyrum.fixture.servlettakeover.Takeover").getField("SEEN").get(null);
  }
}
