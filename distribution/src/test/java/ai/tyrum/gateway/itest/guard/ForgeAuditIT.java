package ai.tyrum.gateway.itest.guard;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Issue 16, item 3: a plugin's tool (fixture {@code forge-audit}) looks up every service it can find and
 * the gateway's {@code GatewayEvents} by name, to append a forged record to the audit log. The service
 * guard hides the gateway's own services from plugins: it finds none, and the log holds no forgery.
 */
class ForgeAuditIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .token("caller", "tools.invoke")
        .plugin("notes")
        .start();
    gateway.install(gateway.fixture("forge-audit"));
    gateway.awaitPluginState("forge-audit", "loaded");
    gateway.awaitPluginState("notes", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void theToolFindsNoGatewayServiceAndForgesNothing() throws Exception {
    JsonNode output = gateway.http().withToken(gateway.token("caller"))
        .post("/tools/plugin.forge-audit.forge/invoke", "{\"agent\":\"default\",\"input\":{}}")
        .assertStatus(200).json().path("output");

    assertThat(output.path("found").asBoolean()).isFalse();
    assertThat(output.path("forged").asBoolean()).isFalse();
    List<String> visible = new ArrayList<>();
    output.path("visible").forEach(type -> visible.add(type.asString()));
    assertThat(visible)
        .noneMatch(type -> type.startsWith("ai.tyrum.gateway.spi."))
        .noneMatch(type -> type.startsWith("org.osgi.service.servlet.") || type.startsWith("jakarta.servlet."))
        .noneMatch(type -> type.startsWith("org.osgi.service.cm.") || type.startsWith("org.osgi.service.event."))
        .noneMatch(type -> type.startsWith("org.osgi.framework.hooks.") || type.startsWith("org.osgi.service.component."))
        .noneMatch(type -> type.startsWith("org.apache.felix."))
        .noneMatch(type -> type.equals("ai.tyrum.plugin.notes.NoteBook"))
        // its own tool, and what Declarative Services needs in the plugin
        .contains("ai.tyrum.gateway.api.Tool");
    // besides: the host services the gateway hands each plugin, registered under plugin API types
    assertThat(visible).allMatch(type -> type.startsWith("ai.tyrum.gateway.api.")
        || type.equals("org.osgi.service.condition.Condition") || type.startsWith("org.osgi.service.log."));

    assertThat(gateway.http().get("/audit/verify").assertStatus(200).json().path("ok").asBoolean()).isTrue();
    assertThat(Files.readString(gateway.data().resolve("audit/audit.log"))).doesNotContain("forged-by-forge-audit");
  }

  @Test
  void aPluginsOwnServicesStayItsOwnAndItKeepsWorking() {
    // notes registers a NoteBook service of its own type for its own tools: not a refusal
    assertThat(gateway.pluginState("notes")).isEqualTo("loaded");
    gateway.http().withToken(gateway.token("caller"))
        .post("/tools/plugin.notes.list_notes/invoke", "{\"agent\":\"default\",\"input\":{}}")
        .assertStatus(200);
  }
}
