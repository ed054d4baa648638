package ai.tyrum.gateway.core.mcp.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.core.invoke.ApprovalRequiredException;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.core.invoke.ToolOutcome;
import ai.tyrum.gateway.spi.Approval;
import ai.tyrum.gateway.spi.ApprovalRequest;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ToolResultsTest {

  private final List<String> calls = new ArrayList<>();

  @Test
  void outputIsStructuredContentAndItsJsonTheOneText() {
    CallToolResult result = call(() -> new ToolOutcome(Map.of("text", "hi"), "allow", 7, "snap", Optional.empty(), false));

    assertThat(result.isError()).isFalse();
    assertThat(result.structuredContent()).isEqualTo(Map.of("text", "hi"));
    assertThat(texts(result)).containsExactly("{\"text\":\"hi\"}");
  }

  @Test
  void callGoesThroughTheCallPathAsTheAgentInTheTokensName() {
    call(() -> new ToolOutcome(Map.of(), "allow", 1, "snap", Optional.empty(), false));

    assertThat(calls).containsExactly("agent-a token:t1 plugin.echo.echo {\"text\":\"hi\"} Optional.empty");
  }

  @Test
  void refusalIsAToolErrorWithItsCodeMessageAndDetails() {
    CallToolResult result = call(() -> {
      throw new ToolCallException("policy_denied", 403, "policy denies plugin.echo.echo for agent agent-a", List.of("rule deny[0]"));
    });

    assertThat(result.isError()).isTrue();
    assertThat(result.structuredContent()).isNull();
    assertThat(texts(result)).containsExactly("policy_denied: policy denies plugin.echo.echo for agent agent-a (rule deny[0])");
  }

  @Test
  void pendingApprovalIsAToolErrorNamingTheApprovalAndWhatTheOperatorRuns() {
    Approval approval = new Approval("apr_42", new ApprovalRequest("plugin.echo.echo", "agent-a", "00", "snap"),
        Approval.State.pending, Instant.EPOCH, Instant.EPOCH.plusSeconds(60), Optional.empty(), "", "");

    CallToolResult result = call(() -> {
      throw new ApprovalRequiredException(approval);
    });

    assertThat(result.isError()).isTrue();
    assertThat(texts(result)).singleElement().asString()
        .startsWith("approval_required: ")
        .contains("approval apr_42 is pending", "approval:approve apr_42", "POST /approvals/apr_42/approve", "call this tool again");
  }

  private CallToolResult call(Supplier<ToolOutcome> answer) {
    ToolInvoker invoker = new ToolInvoker() {
      @Override
      public ToolOutcome invoke(String agent, String actor, String toolId, JsonNode input, Optional<String> approvalId) {
        calls.add(agent + " " + actor + " " + toolId + " " + input + " " + approvalId);
        return answer.get();
      }

      @Override
      public ToolOutcome invoke(String agent, String actor, String toolId, String input, Optional<String> approvalId) {
        throw new UnsupportedOperationException();
      }
    };
    return ToolResults.call(invoker, "agent-a", "token:t1", "plugin.echo.echo", Optional.of(Map.of("text", "hi")));
  }

  private static List<String> texts(CallToolResult result) {
    return result.content().stream().map(content -> ((McpSchema.TextContent) content).text()).toList();
  }
}
