package ai.tyrum.gateway.itest.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayEvents;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import tools.jackson.databind.JsonNode;

/**
 * Item 5: a thread a plugin's tool started and left running is reported once the plugin is
 * uninstalled ({@code plugin.lifecycle} kind {@code leftover_threads}, naming the plugin) and
 * interrupted, with the fixture leftover-thread, whose thread appends to a file until interrupted.
 */
class LeftoverThreadsIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder().service(ToolPolicy.class, FakeToolPolicy.allowingAll()).start();
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static long size(Path file) throws Exception {
    return Files.exists(file) ? Files.size(file) : 0;
  }

  @Test
  void threadLeftRunningByAnUninstalledPluginIsReportedAndInterrupted(@TempDir Path temp) throws Exception {
    Bundle plugin = gateway.install(gateway.fixture("leftover-thread"));
    gateway.awaitPluginState("leftover-thread", "loaded");
    Path file = temp.resolve("written-by-the-plugin");
    gateway.http().post("/tools/plugin.leftover-thread.start/invoke",
            "{\"agent\":\"default\",\"input\":{\"file\":\"" + file.toString().replace("\\", "\\\\") + "\"}}")
        .assertStatus(200);
    Await.until("the plugin's thread writes", () -> size(file) > 0);
    long seq = GatewayEvents.lastSeq(gateway);

    plugin.uninstall();

    Await.until("a leftover_threads event", () -> !leftoverThreads(seq).isEmpty());
    JsonNode event = leftoverThreads(seq).get(0);
    assertThat(event.path("plugin").path("id").asString()).isEqualTo("leftover-thread");
    assertThat(event.path("plugin").path("bundle").asString()).isEqualTo("ai.tyrum.fixture.leftover-thread");
    assertThat(event.path("reason").asString()).isEqualTo("interrupted");
    assertThat(event.path("details").toString()).contains("leftover-writer");
    // the thread honours its interrupt: the file stops growing
    AtomicLong last = new AtomicLong(-1);
    Await.until("the file stops growing", () -> {
      long now = size(file);
      boolean still = now == last.get();
      last.set(now);
      Thread.sleep(100); // several of the writer's 10 ms periods
      return still && size(file) == now;
    });
  }

  private static List<JsonNode> leftoverThreads(long seq) {
    return GatewayEvents.after(gateway, seq, "plugin.lifecycle").stream()
        .map(e -> e.path("payload"))
        .filter(p -> p.path("kind").asString().equals("leftover_threads"))
        .toList();
  }
}
