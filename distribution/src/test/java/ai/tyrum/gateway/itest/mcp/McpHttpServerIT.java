package ai.tyrum.gateway.itest.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.PluginLock;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * MCP servers reached over streamable HTTP (the fixture mcp-http-server): the gateway starts no process for
 * them; one at a loopback address (the reference server-everything in its streamableHttp mode, started by this
 * test on the port the fixture's definition names) runs and serves its tools through the call path; one at an
 * address the plugin holds no network.egress grant for is never reached: failed, {@code egress_not_granted},
 * with a denial record.
 */
class McpHttpServerIT {

  /** The port the fixture's {@code mcp/loopback.json} names. */
  private static final int PORT = 39517;
  private static final String LOOPBACK = "mcp-http-server/loopback";
  private static final String FAR = "mcp-http-server/far";
  private static final String ECHO = "mcp.mcp-http-server.loopback.echo";

  private static Process server;
  private static GatewayFramework gateway;

  @BeforeAll
  static void start() throws Exception {
    Path home = Path.of(System.getProperty("tyrum.gateway.home", "target/gateway")).toAbsolutePath();
    ProcessBuilder builder = new ProcessBuilder(home.resolve("mcp/node_modules/.bin/mcp-server-everything").toString(), "streamableHttp");
    builder.environment().put("PORT", String.valueOf(PORT));
    builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
    server = builder.start();
    Await.until("server-everything listens on port " + PORT, McpHttpServerIT::listening);

    gateway = GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace").start();
    gateway.service(PluginLock.class);
  }

  @AfterAll
  static void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (server != null) {
      server.descendants().forEach(ProcessHandle::destroyForcibly);
      server.destroyForcibly();
    }
  }

  private static boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", PORT), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static JsonNode awaitState(String id, String state) {
    Await.until(id + " is " + state, () -> {
      HttpResult answer = gateway.http().get("/mcp/servers/" + id);
      return answer.status() == 200 && answer.json().path("state").asString().equals(state);
    });
    return gateway.http().get("/mcp/servers/" + id).assertStatus(200).json();
  }

  @Test
  void aLoopbackServerRunsAndServesItsToolsWhileAnUngrantedAddressIsNeverReached() throws IOException {
    long seq = GatewayEvents.lastSeq(gateway);
    gateway.shell().run("plugin:install " + gateway.fixture("mcp-http-server")).assertSucceeded();
    gateway.awaitPluginState("mcp-http-server", "loaded");

    JsonNode loopback = awaitState(LOOPBACK, "running");
    assertThat(loopback.path("transport").asString()).isEqualTo("http");
    assertThat(loopback.path("pid").isMissingNode() || loopback.path("pid").isNull()).as("no process of the gateway's").isTrue();
    Await.until("the loopback server's tools are listed", () -> gateway.shell().run("mcp:tools " + LOOPBACK).console().contains(ECHO));

    Files.writeString(gateway.data().resolve("policy/deployment.yml"), "version: 1\ntools:\n  allow: [" + ECHO + "]\n");
    gateway.shell().run("policy:reload").assertSucceeded();
    HttpResult answer = gateway.http().post("/tools/" + ECHO + "/invoke", "{\"agent\":\"default\",\"input\":{\"message\":\"over http\"}}");
    assertThat(answer.assertStatus(200).json().path("output").path("content").get(0).path("text").asString()).isEqualTo("Echo: over http");

    JsonNode far = awaitState(FAR, "failed");
    assertThat(far.path("reason").asString()).isEqualTo("egress_not_granted");
    List<JsonNode> denied = GatewayEvents.after(gateway, seq, "plugin.permission.denied");
    assertThat(denied).anySatisfy(e -> assertThat(e.path("payload").path("target").asString()).isEqualTo("192.0.2.10:8080"));

    gateway.shell().run("plugin:uninstall mcp-http-server").assertSucceeded();
    Await.until("the servers are gone with their plugin", () -> gateway.http().get("/mcp/servers/" + LOOPBACK).status() == 404);
    assertThat(server.isAlive()).as("a server the gateway did not start is left running").isTrue();
  }
}
