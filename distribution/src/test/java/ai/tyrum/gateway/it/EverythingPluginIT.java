package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The example plugin everything as the README's walkthrough uses it: on the first start the gateway runs
 * the reference server-everything the build installed into the distribution's {@code mcp/}, found on the
 * search path, with a clean environment, and lists its tools.
 */
class EverythingPluginIT {

  private static final String SERVER = "everything/everything";

  private static TestGateway gateway;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    // a node process starting on a busy machine: the supervisor's own start timeout is 30 s
    TestGateway.await(SERVER + " is running", Duration.ofSeconds(60), () -> server().path("state").asString().equals("running"));
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  private static JsonNode server() {
    try {
      return gateway.get("/mcp/servers/" + SERVER).assertStatus(200).body();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void serverRunsFromTheDistributionsMcpFolderWithPathAloneInItsEnvironment() throws Exception {
    long pid = server().path("pid").asLong();

    String commandLine = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
    assertThat(commandLine).contains("/mcp/node_modules/.bin/mcp-server-everything stdio");
    List<String> environment = Arrays.stream(
            new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8).split("\0"))
        .filter(v -> !v.isEmpty())
        .toList();
    assertThat(environment).singleElement().asString().startsWith("PATH=").contains("/mcp/node_modules/.bin");
    assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/cwd")))
        .isEqualTo(gateway.data.resolve("plugin-data/everything/mcp/everything").toRealPath());
  }

  @Test
  void shellListsTheServerRunningAndItsToolsWithTheirCallableIds() throws Exception {
    assertThat(gateway.shell("mcp:list")).contains(SERVER).contains("running");
    assertThat(gateway.shell("mcp:tools " + SERVER))
        .contains("mcp.everything.everything.echo")
        .contains("mcp.everything.everything.get-sum");
  }
}
