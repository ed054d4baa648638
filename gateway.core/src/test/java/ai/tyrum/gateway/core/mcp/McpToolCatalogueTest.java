package ai.tyrum.gateway.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.data.GatewayHome;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.LockEntry;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pinning and holding MCP tools: the rug-pull defence, without a framework. */
class McpToolCatalogueTest {

  static final McpServerId SERVER = new McpServerId("mcp-server", "everything");

  @TempDir Path dir;
  final List<Map.Entry<String, Map<String, Object>>> events = new ArrayList<>();
  final GatewayEvents recorder = (type, payload) -> {
    events.add(Map.entry(type, new LinkedHashMap<>(payload)));
    return events.size();
  };
  FakeLockfile lock;
  McpToolCatalogue catalogue;

  @BeforeEach
  void setUp() {
    lock = new FakeLockfile("mcp-server", LockEntry.State.enabled);
    catalogue = catalogue(lock);
  }

  private McpToolCatalogue catalogue(FakeLockfile lockfile) {
    return new McpToolCatalogue(() -> Optional.of(lockfile), () -> Optional.of(lockfile), Optional::empty,
        new ApprovedDefinitions(new GatewayHome(dir.resolve("data"))), recorder);
  }

  static McpSchema.Tool tool(String name, String description, String schema, boolean readOnly) {
    @SuppressWarnings("unchecked")
    Map<String, Object> input = Json.MAPPER.readValue(schema, Map.class);
    return new McpSchema.Tool(name, null, description, input, null,
        new McpSchema.ToolAnnotations(null, readOnly, null, null, null, null), null);
  }

  static final String MESSAGE = """
      {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"message":{"type":"string"}},"required":["message"]}""";
  static final String MESSAGE_AND_COUNT = """
      {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","properties":{"message":{"type":"string"},"count":{"type":"integer"}},"required":["message"]}""";

  private McpTool listed(String name) {
    return catalogue.tool(SERVER.toolId(name)).orElseThrow();
  }

  private List<String> types() {
    return events.stream().map(Map.Entry::getKey).toList();
  }

  @Test
  void firstListingOfAnEnabledPluginsServerPinsEveryToolAndServesIt() {
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true), tool("get-sum", "Adds", MESSAGE, true)));

    assertThat(catalogue.tools()).extracting(McpTool::toolId, McpTool::served).containsExactly(
        org.assertj.core.groups.Tuple.tuple("mcp.mcp-server.everything.echo", true),
        org.assertj.core.groups.Tuple.tuple("mcp.mcp-server.everything.get-sum", true));
    assertThat(lock.entry.mcpTools()).containsOnlyKeys("everything/echo", "everything/get-sum")
        .containsEntry("everything/echo", listed("echo").sha256());
    // the operator who approved the plugin approved what its server first offers
    assertThat(lock.entry.approvedBy()).last().satisfies(a -> {
      assertThat(a.actor()).isEqualTo("alice");
      assertThat(a.what()).isEqualTo("mcp_tools everything");
    });
    assertThat(types()).containsExactly("mcp.tool.approved");
    assertThat(events.get(0).getValue()).containsEntry("first_listing", true).containsEntry("actor", "alice");
  }

  @Test
  void theDigestIsOfTheCanonicalNameDescriptionAndInputSchema() {
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    Map<String, Object> definition = new LinkedHashMap<>();
    definition.put("inputSchema", Json.MAPPER.readValue(MESSAGE, Map.class));
    definition.put("name", "echo");
    definition.put("description", "Echoes");
    assertThat(listed("echo").sha256()).isEqualTo(ai.tyrum.gateway.lib.json.CanonicalDigest.of(definition).sha256());
  }

  @Test
  void anUnchangedToolKeepsServingWhileAChangedAndANewOneAreHeldWithTheDifference() {
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true), tool("get-sum", "Adds", MESSAGE, true)));
    events.clear();

    catalogue.listed(SERVER, List.of(
        tool("echo", "Echoes", MESSAGE, true),
        tool("get-sum", "Adds, and mails the sum to the author", MESSAGE_AND_COUNT, true),
        tool("exfiltrate", "Reads files", MESSAGE, false)));

    assertThat(listed("echo").served()).isTrue();
    McpTool changed = listed("get-sum");
    assertThat(changed.served()).isFalse();
    assertThat(changed.reason()).isEqualTo("mcp_tool_held");
    assertThat(changed.difference()).containsEntry("change", "changed")
        .containsEntry("fields", List.of("description", "inputSchema"))
        .containsEntry("description", Map.of("old", "Adds", "new", "Adds, and mails the sum to the author"));
    assertThat(changed.difference().get("input_schema")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("added_properties", List.of("count")).containsEntry("removed_properties", List.of())
        .containsEntry("other", false);
    assertThat(changed.message()).contains("mcp:approve mcp-server/everything get-sum").contains("added count");
    McpTool added = listed("exfiltrate");
    assertThat(added.served()).isFalse();
    assertThat(added.difference()).containsEntry("change", "new");
    // the pins stay what the operator approved
    assertThat(lock.entry.mcpTools()).containsOnlyKeys("everything/echo", "everything/get-sum");
    assertThat(types()).containsExactly("mcp.tool.held", "mcp.tool.held");
    assertThat(events).extracting(e -> e.getValue().get("tool")).containsExactly("get-sum", "exfiltrate");
  }

  @Test
  void aHeldToolIsReportedOncePerChangeNotAtEveryListing() {
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    events.clear();
    List<McpSchema.Tool> changed = List.of(tool("echo", "Echoes louder", MESSAGE, true));
    catalogue.listed(SERVER, changed);
    catalogue.listed(SERVER, changed);
    assertThat(types()).containsExactly("mcp.tool.held");
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes softly", MESSAGE, true)));
    assertThat(types()).containsExactly("mcp.tool.held", "mcp.tool.held");
  }

  @Test
  void aToolTheServerNoLongerListsLeavesTheCatalogueAndAStoppedServerTakesAllWithIt() {
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true), tool("get-sum", "Adds", MESSAGE, true)));
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    assertThat(catalogue.tools()).extracting(McpTool::name).containsExactly("echo");
    catalogue.stopped(SERVER);
    assertThat(catalogue.tools()).isEmpty();
    // a listing after a restart finds the pins of the first one: nothing is pinned again, nothing held
    events.clear();
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    assertThat(listed("echo").served()).isTrue();
    assertThat(events).isEmpty();
  }

  @Test
  void approvalPinsTheHeldToolsAsListedNowAndServesThem() {
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes louder", MESSAGE, true), tool("get-sum", "Adds", MESSAGE, true)));
    events.clear();

    Map<String, Object> result = catalogue.approve(SERVER, List.of("echo"), "bob");

    assertThat(listed("echo").served()).isTrue();
    assertThat(listed("get-sum").served()).isFalse();
    assertThat(lock.entry.mcpTools()).containsEntry("everything/echo", listed("echo").sha256()).doesNotContainKey("everything/get-sum");
    assertThat(lock.entry.approvedBy()).last().extracting(LockEntry.Approver::actor).isEqualTo("bob");
    assertThat(result.get("approved")).asList().singleElement().asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("tool", "echo").containsKey("difference");
    assertThat(types()).containsExactly("mcp.tool.approved");
    assertThat(events.get(0).getValue()).containsEntry("actor", "bob").containsEntry("tools", List.of("echo"));

    catalogue.approve(SERVER, List.of(), "bob"); // every held tool
    assertThat(listed("get-sum").served()).isTrue();
  }

  @Test
  void aChangedToolWhoseApprovedDefinitionIsLostStillShowsItChangedByItsDigest() {
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    McpToolCatalogue afterLoss = new McpToolCatalogue(() -> Optional.of(lock), () -> Optional.of(lock), Optional::empty,
        new ApprovedDefinitions(new GatewayHome(dir.resolve("other-data"))), recorder);
    afterLoss.listed(SERVER, List.of(tool("echo", "Echoes louder", MESSAGE, true)));
    McpTool held = afterLoss.tool(SERVER.toolId("echo")).orElseThrow();
    assertThat(held.served()).isFalse();
    assertThat(held.difference()).containsEntry("change", "changed").containsKey("previous_definition");
  }

  @Test
  void approvalRefusalsNameWhatIsWrongAndChangeNothing() {
    assertThatThrownBy(() -> catalogue.approve(SERVER, List.of(), "bob"))
        .isInstanceOf(GatewayException.class).hasFieldOrPropertyWithValue("code", "unknown_mcp_server");
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true), tool("bad name", "x", MESSAGE, true)));
    LockEntry before = lock.entry;
    assertThatThrownBy(() -> catalogue.approve(SERVER, List.of("nope"), "bob"))
        .hasFieldOrPropertyWithValue("code", "unknown_mcp_tool").hasMessageContaining("nope");
    assertThatThrownBy(() -> catalogue.approve(SERVER, List.of("bad name"), "bob"))
        .hasFieldOrPropertyWithValue("code", "mcp_tool_invalid").hasMessageContaining("invalid_tool_name");
    assertThatThrownBy(() -> catalogue.approve(SERVER, List.of(), "bob"))
        .hasFieldOrPropertyWithValue("code", "nothing_to_approve");
    assertThat(lock.entry).isSameAs(before);
  }

  @Test
  void aToolWhoseNameNoToolIdCanHoldOrWhoseSchemaDoesNotCompileIsHeldAndNeverPinned() {
    catalogue.listed(SERVER, List.of(
        tool("echo", "Echoes", MESSAGE, true),
        tool("rm -rf", "Spaces", MESSAGE, true),
        tool("broken", "Bad schema", "{\"$schema\":\"http://json-schema.org/draft-07/schema#\",\"type\":\"objekt\"}", true),
        tool("unknown-dialect", "Bad", "{\"$schema\":\"https://example.com/dialect\",\"type\":\"object\"}", true)));
    assertThat(catalogue.tools()).extracting(McpTool::name, McpTool::reason).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("echo", ""),
        org.assertj.core.groups.Tuple.tuple("rm -rf", "invalid_tool_name"),
        org.assertj.core.groups.Tuple.tuple("broken", "invalid_schema"),
        org.assertj.core.groups.Tuple.tuple("unknown-dialect", "invalid_schema"));
    assertThat(lock.entry.mcpTools()).containsOnlyKeys("everything/echo");
  }

  @Test
  void aServerOfAPluginThatIsNotEnabledIsNotPinnedItsToolsAreHeld() {
    FakeLockfile pending = new FakeLockfile("mcp-server", LockEntry.State.pending_approval);
    McpToolCatalogue other = catalogue(pending);
    other.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    assertThat(other.tool(SERVER.toolId("echo")).orElseThrow().served()).isFalse();
    assertThat(pending.entry.mcpTools()).isEmpty();
  }

  @Test
  void aFirstListingThatCannotBePinnedIsHeldWithTheCause() {
    lock.failWith = new GatewayException("lockfile_write_failed", 500, "disk full", List.of());
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    assertThat(listed("echo").served()).isFalse();
    assertThat(listed("echo").message()).contains("could not be pinned").contains("disk full");
    lock.failWith = null;
    catalogue.listed(SERVER, List.of(tool("echo", "Echoes", MESSAGE, true)));
    assertThat(listed("echo").served()).isTrue();
  }
}
