package ai.tyrum.gateway.itest.host;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.PluginLock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The {@code ToolCaller} host service (DESIGN section 3, {@code tools.call}), with the fixture relay,
 * granted {@code tools.call} on the echo tool and on its own: a granted id takes the one call path with
 * the calling plugin on record; any other id is refused with the event; a call outside a tool call is
 * refused; calls made by plugins nest only so deep.
 */
class ToolCallerIT {

  private static GatewayFramework gateway;
  private static long installedAfter;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    gateway.service(PluginLock.class);
    installedAfter = GatewayEvents.lastSeq(gateway);
    gateway.shell().run("plugin:install --grant tools.call:plugin.echo.echo --grant tools.call:plugin.relay.relay "
        + gateway.fixture("relay")).assertSucceeded();
    gateway.awaitPluginState("relay", "loaded");
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
  }

  private static HttpResult relay(String tool, String text) {
    return gateway.http().post("/tools/plugin.relay.relay/invoke",
        "{\"agent\":\"default\",\"input\":{\"tool\":\"" + tool + "\",\"text\":\"" + text + "\"}}");
  }

  @Test
  void grantedToolIsCalledThroughTheCallPathWithTheCallingPluginOnRecord() {
    long seq = GatewayEvents.lastSeq(gateway);

    JsonNode answer = relay("plugin.echo.echo", "hello").assertStatus(200).json();

    assertThat(answer.path("output").path("text").asString()).isEqualTo("hello");
    List<JsonNode> calls = GatewayEvents.after(gateway, seq, "plugin_tool.invoked");
    assertThat(calls).hasSize(2);
    JsonNode echo = calls.get(0).path("payload");
    assertThat(echo.path("tool").asString()).isEqualTo("plugin.echo.echo");
    assertThat(echo.path("actor").asString()).isEqualTo("plugin:relay");
    assertThat(echo.path("agent").asString()).isEqualTo("default");
    assertThat(echo.path("called_by").path("plugin").asString()).isEqualTo("relay");
    assertThat(echo.path("called_by").path("tool").asString()).isEqualTo("plugin.relay.relay");
    assertThat(echo.path("outcome").asString()).isEqualTo("ok");
    JsonNode outer = calls.get(1).path("payload");
    assertThat(outer.path("tool").asString()).isEqualTo("plugin.relay.relay");
    assertThat(outer.has("called_by")).isFalse();
  }

  @Test
  void toolWithoutAGrantIsRefusedAndTheRefusalRecorded() {
    long seq = GatewayEvents.lastSeq(gateway);

    HttpResult refused = relay("plugin.notes.list_notes", "x");

    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.errorCode()).isEqualTo("plugin_error");
    assertThat(refused.json().path("error").path("details").toString()).contains("permission_denied");
    List<JsonNode> denied = GatewayEvents.after(gateway, seq, "plugin.permission.denied");
    assertThat(denied).singleElement().satisfies(e -> {
      JsonNode payload = e.path("payload");
      assertThat(payload.path("plugin").path("id").asString()).isEqualTo("relay");
      assertThat(payload.path("permission").asString()).isEqualTo("tools.call");
      assertThat(payload.path("target").asString()).isEqualTo("plugin.notes.list_notes");
      assertThat(payload.path("reason").asString()).isEqualTo("not_declared");
      assertThat(payload.path("tool_call").path("tool").asString()).isEqualTo("plugin.relay.relay");
      assertThat(payload.path("tool_call").path("agent").asString()).isEqualTo("default");
    });
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"up\"}}")
        .assertStatus(200).json().path("output").path("text").asString()).isEqualTo("up");
  }

  @Test
  void callOutsideAToolCallIsRefusedAndRecorded() {
    List<JsonNode> denied = GatewayEvents.after(gateway, installedAfter, "plugin.permission.denied");
    List<JsonNode> outside =
        denied.stream().filter(e -> e.path("payload").path("reason").asString().equals("outside_call")).toList();

    assertThat(outside).as("refusals since the install: %s", denied).singleElement().satisfies(e -> {
      assertThat(e.path("payload").path("plugin").path("id").asString()).isEqualTo("relay");
      assertThat(e.path("payload").path("target").asString()).isEqualTo("plugin.echo.echo");
      assertThat(e.path("payload").has("tool_call")).isFalse();
    });
  }

  @Test
  void callsMadeByPluginsNestOnlySoDeep() {
    long seq = GatewayEvents.lastSeq(gateway);

    HttpResult refused = relay("plugin.relay.relay", "again");

    assertThat(refused.status()).isEqualTo(502);
    assertThat(refused.json().path("error").path("message").asString()).contains("call_depth_exceeded");
    List<JsonNode> calls = GatewayEvents.after(gateway, seq, "plugin_tool.invoked");
    // the outer call and three nested ones, each on record with its outcome
    assertThat(calls).hasSize(4).allSatisfy(c -> assertThat(c.path("payload").path("outcome").asString()).isEqualTo("error"));
    assertThat(gateway.http().post("/tools/plugin.echo.echo/invoke", "{\"agent\":\"default\",\"input\":{\"text\":\"up\"}}")
        .status()).isEqualTo(200);
  }
}
