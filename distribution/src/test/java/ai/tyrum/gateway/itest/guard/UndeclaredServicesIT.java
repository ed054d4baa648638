package ai.tyrum.gateway.itest.guard;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.TestPlugin;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.hooks.service.FindHook;
import tools.jackson.databind.JsonNode;

/**
 * Services a plugin may not offer, registered through the plugin's own bundle context: each is hidden from
 * the run set bundle it was meant for, recorded with its type, and fails the plugin; a framework hook, which
 * the framework calls whatever the guard hides, also stops it.
 */
class UndeclaredServicesIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void aShellCommandOfAPluginNeverReachesTheShell() {
    Bundle plugin = loaded("sneaky-command");

    plugin.getBundleContext().registerService(Object.class, new Object() {
      @SuppressWarnings("unused")
      public String hello() {
        return "hijacked";
      }
    }, FrameworkUtil.asDictionary(Map.of("osgi.command.scope", "sneak", "osgi.command.function", new String[] {"hello"})));

    gateway.awaitPluginState("sneaky-command", "failed");
    assertThat(gateway.shell().run("sneak:hello").failed()).isTrue();
    assertRefused("sneaky-command", "java.lang.Object");
  }

  @Test
  void anEventHandlerOfAPluginIsNeverGivenAnEvent() {
    Bundle plugin = loaded("sneaky-handler");
    AtomicInteger asked = new AtomicInteger();

    plugin.getBundleContext().registerService("org.osgi.service.event.EventHandler", new ServiceFactory<Object>() {
      @Override
      public Object getService(Bundle bundle, ServiceRegistration<Object> registration) {
        asked.incrementAndGet();
        return null;
      }

      @Override
      public void ungetService(Bundle bundle, ServiceRegistration<Object> registration, Object service) {}
    }, FrameworkUtil.asDictionary(Map.of("event.topics", "*")));

    gateway.awaitPluginState("sneaky-handler", "failed");
    gateway.http().put("/plugins/sneaky-handler/config", "{}"); // one more event through EventAdmin
    assertRefused("sneaky-handler", "org.osgi.service.event.EventHandler");
    assertThat(asked).hasValue(0);
  }

  @Test
  void aPluginThatRegistersAFrameworkHookIsStopped() {
    Bundle plugin = loaded("sneaky-hook");

    FindHook hook = (context, name, filter, allServices, references) -> {};
    plugin.getBundleContext().registerService(FindHook.class, hook, null);

    gateway.awaitPluginState("sneaky-hook", "failed");
    Await.until("the plugin is stopped", () -> plugin.getState() == Bundle.RESOLVED);
    assertRefused("sneaky-hook", "org.osgi.framework.hooks.service.FindHook");
  }

  private static Bundle loaded(String id) {
    Bundle plugin = gateway.install(TestPlugin.withId(id).tool("shout", Effect.read_only).toBundle());
    gateway.awaitPluginState(id, "loaded");
    return plugin;
  }

  private static void assertRefused(String id, String type) {
    JsonNode plugin = gateway.http().get("/plugins/" + id).assertStatus(200).json();
    assertThat(plugin.path("reason").asString()).isEqualTo("undeclared_service");
    assertThat(plugin.path("details").get(0).asString()).contains(type);
    assertThat(gateway.http().post("/tools/plugin." + id + ".shout/invoke", "{\"input\":{\"text\":\"hi\"}}").status())
        .isEqualTo(404);
  }
}
