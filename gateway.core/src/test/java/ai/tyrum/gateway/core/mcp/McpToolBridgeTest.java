package ai.tyrum.gateway.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.config.ConfigRedactor;
import ai.tyrum.gateway.core.data.GatewayHome;
import ai.tyrum.gateway.core.invoke.PolicyGate;
import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.invoke.ToolCallLimits;
import ai.tyrum.gateway.core.invoke.ToolCatalog;
import ai.tyrum.gateway.core.invoke.ToolGateway;
import ai.tyrum.gateway.core.invoke.ToolOutcome;
import ai.tyrum.gateway.core.registry.TestRegistry;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.testing.ComponentConfig;
import ai.tyrum.gateway.spi.Decision;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.Permission;
import ai.tyrum.gateway.spi.PolicyDecision;
import ai.tyrum.gateway.spi.ToolDescriptor;
import ai.tyrum.gateway.spi.ToolPolicy;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP tools on the call path and in the catalogue, exactly like a plugin's tools, against fakes of the supervisor and policy. */
class McpToolBridgeTest {

  static final McpServerId SERVER = McpToolCatalogueTest.SERVER;
  static final String ECHO = SERVER.toolId("echo");
  static final String TOGGLE = SERVER.toolId("toggle-logging");

  @TempDir Path dir;
  final List<Map.Entry<String, Map<String, Object>>> events = new ArrayList<>();
  final GatewayEvents recorder = (type, payload) -> {
    synchronized (events) {
      events.add(Map.entry(type, new LinkedHashMap<>(payload)));
      return events.size();
    }
  };
  /** Exact ids an allowlist names; the fake exposes an opt-in tool only when named, everything else always. */
  final Set<String> allowlist = new java.util.HashSet<>();
  final Set<String> trusted = new java.util.HashSet<>();
  final ToolPolicy policy = new ToolPolicy() {
    @Override
    public PolicyDecision decide(ToolDescriptor tool, String agent) {
      boolean exposed = !tool.optInOnly() || allowlist.contains(tool.toolId());
      return new PolicyDecision(exposed ? Decision.allow : Decision.deny, exposed, exposed ? "allowed" : "opt_in_not_allowlisted",
          "", "snap-1", List.of("s3cr3t-[0-9]+"));
    }

    @Override
    public Optional<PolicyDecision> replay(ToolDescriptor tool, String agent, String snapshotId) {
      return Optional.empty();
    }

    @Override
    public String snapshotId() {
      return "snap-1";
    }

    @Override
    public boolean trustsToolHints(String pluginId, String serverId) {
      return trusted.contains(pluginId + "/" + serverId);
    }
  };

  /** The supervisor as the bridge sees it: records each call and answers with {@link #answer}. */
  record Called(McpServerId server, String name, Map<String, Object> arguments, Duration timeout) {}

  final List<Called> called = new ArrayList<>();
  volatile McpSchema.CallToolResult answer;
  final McpServers servers = new McpServers() {
    @Override
    public List<McpServerStatus> servers() {
      return List.of();
    }

    @Override
    public Optional<McpServerStatus> server(McpServerId id) {
      return Optional.empty();
    }

    @Override
    public McpSchema.CallToolResult call(McpServerId id, String name, Map<String, Object> arguments, Duration timeout) {
      synchronized (called) {
        called.add(new Called(id, name, arguments, timeout));
      }
      return answer;
    }

    @Override
    public void restart(McpServerId id) {}
  };

  McpToolBridge bridge;
  ToolGateway gateway;
  ToolCatalog catalog;

  @BeforeEach
  void setUp() {
    start(List.of());
  }

  /** The bridge, the call path and the catalogue over plugin mcp-server holding {@code permissions}. */
  private void start(List<PermissionDecl> permissions) {
    TestRegistry plugin = new TestRegistry(recorder, "mcp-server", "{}", "{}", List.of(), permissions);
    PolicyGate gate = new PolicyGate();
    gate.setPolicy(policy);
    bridge = new McpToolBridge(plugin.registry, gate, new GatewayHome(dir.resolve("data")), recorder);
    FakeLockfile lock = new FakeLockfile("mcp-server", LockEntry.State.enabled);
    bridge.bindLock(lock);
    bridge.bindPins(lock);
    bridge.bindServers(servers);
    gateway = new ToolGateway(plugin.registry, bridge, gate, new ConfigRedactor(id -> Set.of()), recorder,
        ComponentConfig.of(ToolCallLimits.class, Map.of("timeout_ms", 5000L)));
    catalog = new ToolCatalog(plugin.registry, bridge, gate);
    answer = new McpSchema.CallToolResult(List.of(new McpSchema.TextContent("Echo: hi")), false, null, null);
    list(List.of(
        McpToolCatalogueTest.tool("echo", "Echoes back the input", McpToolCatalogueTest.MESSAGE, true),
        McpToolCatalogueTest.tool("toggle-logging", "Toggles logging", "{\"type\":\"object\"}", false)));
  }

  @AfterEach
  void tearDown() {
    gateway.deactivate();
    bridge.deactivate();
  }

  /** Lists {@code tools} as the supervisor does, and waits for the bridge to have taken them in. */
  private void list(List<McpSchema.Tool> tools) {
    bridge.toolsListed(SERVER, tools);
    awaitUntil(() -> bridge.tools().size() == tools.size()
        && bridge.tools().stream().allMatch(t -> tools.stream().anyMatch(l -> l.name().equals(t.name())
            && t.definition().description().equals(l.description()))));
  }

  private static void awaitUntil(BooleanSupplier condition) {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    assertThat(condition.getAsBoolean()).as("the bridge took the listing in").isTrue();
  }

  private List<Map<String, Object>> audited() {
    synchronized (events) {
      return events.stream().filter(e -> e.getKey().equals("plugin_tool.invoked")).map(Map.Entry::getValue).toList();
    }
  }

  @Test
  void aTrustedReadOnlyHintDoesNotLiftOptInForAPluginWithAnAccessExpandingPermission() {
    tearDown();
    start(List.of(new PermissionDecl(Permission.of("secrets.read").orElseThrow(), "mcp-server", "the server's token")));
    trusted.add("mcp-server/everything");

    assertThat(catalog.explain(ECHO, "default").orElseThrow()).satisfies(e -> {
      assertThat(e.optIn()).isTrue();
      assertThat(e.optInWhy()).isEqualTo("MCP tool of a plugin with an access-expanding permission");
      assertThat(e.exposed()).isFalse();
    });
    assertThat(bridge.tool(ECHO).orElseThrow().descriptor().optInOnly()).isTrue();
    allowlist.add(ECHO);
    assertThat(catalog.explain(ECHO, "default").orElseThrow().exposed()).isTrue();
  }

  @Test
  void anMcpToolIsOptInUnlessItsServerMarksItReadOnlyAndPolicyTrustsTheServersHints() {
    // read-only hint × trust: only both together let a tool out of opt-in
    assertThat(catalog.explain(ECHO, "default").orElseThrow()).satisfies(e -> {
      assertThat(e.optIn()).isTrue();
      assertThat(e.optInWhy()).isEqualTo("MCP tool; server hints not trusted");
      assertThat(e.exposed()).isFalse();
    });
    assertThat(catalog.explain(TOGGLE, "default").orElseThrow().optInWhy()).isEqualTo("MCP tool not marked read-only");
    trusted.add("mcp-server/everything");
    assertThat(catalog.explain(ECHO, "default").orElseThrow()).satisfies(e -> {
      assertThat(e.optIn()).isFalse();
      assertThat(e.declaration().effect()).isEqualTo("read_only");
      assertThat(e.exposed()).isTrue();
    });
    assertThat(catalog.explain(TOGGLE, "default").orElseThrow()).satisfies(e -> {
      assertThat(e.optIn()).isTrue();
      assertThat(e.declaration().effect()).isEqualTo("state_changing");
      assertThat(e.exposed()).isFalse();
    });
    allowlist.add(TOGGLE);
    assertThat(catalog.explain(TOGGLE, "default").orElseThrow().exposed()).isTrue();
    assertThat(catalog.explainAll("default")).extracting(ToolCatalog.Explanation::toolId).containsExactly(ECHO, TOGGLE);
  }

  @Test
  void aCallGoesToTheServerWithTheCallsRemainingTimeAndAnswersItsContent() {
    allowlist.add(ECHO);
    ToolOutcome outcome = gateway.invoke("default", ECHO, Json.MAPPER.readTree("{\"message\":\"hi\"}"));

    assertThat(outcome.output()).isEqualTo(Map.of("content", List.of(Map.of("type", "text", "text", "Echo: hi"))));
    assertThat(called).singleElement().satisfies(c -> {
      assertThat(c.name()).isEqualTo("echo");
      assertThat(c.arguments()).isEqualTo(Map.of("message", "hi"));
      assertThat(c.timeout()).isPositive().isLessThanOrEqualTo(Duration.ofMillis(5000));
    });
    assertThat(audited()).singleElement().satisfies(a -> {
      assertThat(a).containsEntry("tool", ECHO).containsEntry("outcome", "ok").containsEntry("decision", "allow");
    });
  }

  @Test
  void structuredContentIsPassedOnBesideTheContent() {
    allowlist.add(ECHO);
    answer = new McpSchema.CallToolResult(List.of(new McpSchema.TextContent("{\"sum\":3}")), false, Map.of("sum", 3), null);
    assertThat(gateway.invoke("default", ECHO, Json.MAPPER.readTree("{\"message\":\"hi\"}")).output())
        .containsEntry("structuredContent", Map.of("sum", 3)).containsKey("content");
  }

  @Test
  void anInputThatBreaksTheServersSchemaIsRefusedBeforeTheServerSeesIt() {
    allowlist.add(ECHO);
    assertThatThrownBy(() -> gateway.invoke("default", ECHO, Json.MAPPER.readTree("{\"message\":42}")))
        .isInstanceOf(ToolCallException.class).hasFieldOrPropertyWithValue("code", "invalid_input");
    assertThat(called).isEmpty();
    assertThat(audited()).singleElement().satisfies(a -> assertThat(a).containsEntry("error", "invalid_input"));
  }

  @Test
  void aToolErrorIsAFailedCallWithTheServersTextRedacted() {
    allowlist.add(ECHO);
    answer = new McpSchema.CallToolResult(List.of(new McpSchema.TextContent("cannot echo s3cr3t-42")), true, null, null);
    assertThatThrownBy(() -> gateway.invoke("default", ECHO, Json.MAPPER.readTree("{\"message\":\"hi\"}")))
        .isInstanceOf(ToolCallException.class)
        .hasFieldOrPropertyWithValue("code", "mcp_tool_error")
        .hasMessageContaining("cannot echo").hasMessageNotContaining("s3cr3t-42");
    assertThat(audited()).singleElement().satisfies(a -> assertThat(a).containsEntry("error", "mcp_tool_error"));
  }

  @Test
  void aToolNotExposedIsRefusedWithoutReachingTheServer() {
    assertThatThrownBy(() -> gateway.invoke("default", ECHO, Json.MAPPER.readTree("{\"message\":\"hi\"}")))
        .hasFieldOrPropertyWithValue("code", "tool_not_exposed");
    assertThat(called).isEmpty();
  }

  @Test
  void aHeldToolIsNotCallableAndTheCatalogueSaysWhatChanged() {
    allowlist.add(ECHO);
    list(List.of(
        McpToolCatalogueTest.tool("echo", "Echoes back the input, and keeps a copy", McpToolCatalogueTest.MESSAGE, true),
        McpToolCatalogueTest.tool("toggle-logging", "Toggles logging", "{\"type\":\"object\"}", false)));

    assertThatThrownBy(() -> gateway.invoke("default", ECHO, Json.MAPPER.readTree("{\"message\":\"hi\"}")))
        .isInstanceOf(ToolCallException.class).hasFieldOrPropertyWithValue("code", "mcp_tool_held")
        .hasMessageContaining("mcp:approve mcp-server/everything echo");
    assertThat(called).isEmpty();
    ToolCatalog.Explanation held = catalog.explain(ECHO, "default").orElseThrow();
    assertThat(held.exposed()).isFalse();
    assertThat(held.reason()).isEqualTo("mcp_tool_held");
    assertThat(held.toJson().get("mcp")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("state", "held").containsKey("difference");

    bridge.approve(SERVER, List.of("echo"), "bob");
    assertThat(gateway.invoke("default", ECHO, Json.MAPPER.readTree("{\"message\":\"hi\"}")).output()).containsKey("content");
  }

  @Test
  void theCatalogueOffersEachExposedToolsDescriptionAndInputSchema() {
    allowlist.add(ECHO);
    assertThat(catalog.offered("default")).singleElement().satisfies(o -> {
      assertThat(o.toolId()).isEqualTo(ECHO);
      assertThat(o.description()).isEqualTo("Echoes back the input");
      assertThat(o.inputSchema().path("properties").has("message")).isTrue();
    });
  }

  @Test
  void aStoppedServersToolsLeaveTheCatalogue() {
    bridge.serverStopped(SERVER);
    awaitUntil(() -> bridge.tools().isEmpty());
    assertThat(catalog.explain(ECHO, "default")).isEmpty();
    assertThatThrownBy(() -> gateway.invoke("default", ECHO, Json.MAPPER.readTree("{\"message\":\"hi\"}")))
        .hasFieldOrPropertyWithValue("code", "unknown_tool");
  }
}
