package ai.tyrum.gateway.core.mcp.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.core.invoke.ToolOutcome;
import ai.tyrum.gateway.lib.json.Json;
import io.modelcontextprotocol.json.jackson3.JacksonMcpJsonMapper;
import io.modelcontextprotocol.json.schema.jackson3.DefaultJsonSchemaValidator;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class AgentServerTest {

  private static final McpSchema.InitializeRequest INITIALIZE = new McpSchema.InitializeRequest(
      io.modelcontextprotocol.spec.ProtocolVersions.MCP_2025_06_18, McpSchema.ClientCapabilities.builder().build(),
      new McpSchema.Implementation("test-agent", "1.0"));

  private static final ToolInvoker NEVER_CALLED = new ToolInvoker() {
    @Override
    public ToolOutcome invoke(String agent, String actor, String toolId, JsonNode input, Optional<String> approvalId) {
      throw new AssertionError("not called");
    }

    @Override
    public ToolOutcome invoke(String agent, String actor, String toolId, String input, Optional<String> approvalId) {
      throw new AssertionError("not called");
    }
  };

  private final AgentServer server = new AgentServer("agent-a", "0.1.0", new JacksonMcpJsonMapper(Json.MAPPER),
      new DefaultJsonSchemaValidator(Json.MAPPER), NEVER_CALLED);

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void sessionBelongsToTheTokenThatOpenedIt() {
    String id = server.open(INITIALIZE, "token-1").session().getId();

    assertThat(server.session(id, "token-1")).isPresent();
    assertThat(server.session(id, "token-2")).isEmpty();
  }

  @Test
  void endedSessionIsNoLongerFound() {
    String id = server.open(INITIALIZE, "token-1").session().getId();

    server.ended(id);

    assertThat(server.session(id, "token-1")).isEmpty();
    assertThat(server.sessions()).isEmpty();
  }

  @Test
  void sessionIdsAreUnguessablyDistinct() {
    String first = server.open(INITIALIZE, "token-1").session().getId();
    String second = server.open(INITIALIZE, "token-1").session().getId();

    assertThat(first).isNotEqualTo(second).hasSizeGreaterThanOrEqualTo(32);
  }

  @Test
  void servesExactlyTheExposedToolsAndSaysWhenThatChanged() {
    McpSchema.Tool echo = tool("plugin.echo.echo", "Echoes");
    McpSchema.Tool notes = tool("plugin.notes.list_notes", "Lists notes");

    assertThat(server.serve(List.of(echo, notes))).isTrue();
    assertThat(server.served()).containsExactlyInAnyOrder("plugin.echo.echo", "plugin.notes.list_notes");
    assertThat(server.serve(List.of(echo, notes))).as("the same set again").isFalse();

    assertThat(server.serve(List.of(echo))).isTrue();
    assertThat(server.serves("plugin.notes.list_notes")).isFalse();
    assertThat(server.serve(List.of(tool("plugin.echo.echo", "Echoes, changed")))).as("a changed definition").isTrue();
  }

  private static McpSchema.Tool tool(String name, String description) {
    return McpSchema.Tool.builder().name(name).description(description)
        .inputSchema(Map.of("type", "object", "properties", Map.of()))
        .build();
  }
}
