package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.invoke.ToolInvoker;
import ai.tyrum.gateway.core.invoke.ApprovalRequiredException;
import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.invoke.ToolCatalog;
import ai.tyrum.gateway.core.invoke.ToolCatalog.Explanation;

import ai.tyrum.gateway.core.invoke.ToolOutcome;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code tool:list}, {@code tool:explain} and {@code tool:call}. */
@Component(
    service = ToolCommands.class,
    property = {
      "osgi.command.scope=tool",
      "osgi.command.function=list",
      "osgi.command.function=explain",
      "osgi.command.function=call"
    })
public final class ToolCommands {

  @Reference ToolCatalog catalog;
  @Reference ToolInvoker gateway;

  @Descriptor("lists the plugin tools and whether each is exposed to an agent, with the reason")
  public String list(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("the agent") @Parameter(names = "--agent", absentValue = "default") String agent,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json) throws Exception {
    if (help) {
      session.execute("help tool:list");
      return null;
    }
    List<Explanation> tools = catalog.explainAll(agent);
    if (json) {
      return ShellJson.write(Map.of("agent", agent, "tools", tools.stream().map(Explanation::toJson).toList()));
    }
    Table table = new Table("ID", "EFFECT", "EXPOSED", "DECISION", "REASON", "DESCRIPTION");
    for (Explanation tool : tools) {
      table.row(tool.toolId(), tool.declaration().effect(), tool.exposed() ? "yes" : "no", tool.decision(), tool.reason(),
          tool.declaration().description());
    }
    return table.toString();
  }

  @Descriptor("shows how to use tool:explain")
  public String explain(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help tool:explain");
    return null;
  }

  @Descriptor("says why a tool is or is not exposed to an agent, and what policy decides for its calls")
  public String explain(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("the agent") @Parameter(names = "--agent", absentValue = "default") String agent,
      @Descriptor("replay the decision of this earlier policy snapshot (an audit record's policy_snapshot)")
          @Parameter(names = "--snapshot", absentValue = "") String snapshot,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json,
      @Descriptor("tool id, such as plugin.notes.add_note") String toolId) throws Exception {
    if (help) {
      session.execute("help tool:explain");
      return null;
    }
    Explanation tool =
        snapshot.isEmpty()
            ? catalog.explain(toolId, agent)
                .orElseThrow(() -> new IllegalArgumentException("error unknown_tool: no installed plugin declares tool " + toolId))
            : catalog.replay(toolId, agent, snapshot)
                .orElseThrow(() -> new IllegalArgumentException(
                    "error unknown_snapshot: no loaded tool " + toolId + " or no policy snapshot " + snapshot));
    if (json) {
      Map<String, Object> out = new java.util.LinkedHashMap<>(tool.toJson());
      out.put("agent", agent);
      return ShellJson.write(out);
    }
    StringBuilder out = new StringBuilder();
    line(out, "tool", tool.toolId());
    line(out, "plugin", tool.plugin().id() + " " + tool.plugin().version() + " (" + tool.plugin().state().name() + ")");
    line(out, "effect", tool.declaration().effect());
    line(out, "opt-in", tool.optIn() ? "yes: " + tool.optInWhy() + "; only an allowlist naming the exact id exposes it" : "no");
    line(out, "agent", agent);
    line(out, "exposed", tool.exposed() ? "yes" : "no");
    line(out, "decision", tool.decision());
    line(out, "reason", tool.reason());
    line(out, "rule", tool.rule());
    line(out, "snapshot", tool.snapshotId());
    return out.toString();
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format("%-9s %s%n", key, value));
  }

  @Descriptor("shows how to use tool:call")
  public String call(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help)
      throws Exception {
    session.execute("help tool:call");
    return null;
  }

  @Descriptor("calls a tool through the gateway's call path (exposure, contract, policy, audit)")
  public String call(
      CommandSession session,
      @Descriptor("show how to use it") @Parameter(names = {"-h", "--help"}, presentValue = "true", absentValue = "false") boolean help,
      @Descriptor("the agent") @Parameter(names = "--agent", absentValue = "default") String agent,
      @Descriptor("the approval granted for this exact call") @Parameter(names = "--approval", absentValue = "") String approval,
      @Descriptor("tool id, such as plugin.echo.echo") String toolId,
      @Descriptor("input as a JSON object, such as '{\"text\":\"hi\"}'") String input) throws Exception {
    if (help) {
      session.execute("help tool:call");
      return null;
    }
    try {
      ToolOutcome outcome = gateway.invoke(agent, toolId, input, approval.isEmpty() ? Optional.empty() : Optional.of(approval));
      return ShellJson.write(outcome.output());
    } catch (ApprovalRequiredException e) {
      return "approval required: " + e.approval().id() + " (pending until " + e.approval().expiresAt() + ")\n"
          + "  approve it with approval:approve " + e.approval().id() + ", then call again";
    } catch (ToolCallException e) {
      StringBuilder out = new StringBuilder("error ").append(e.code()).append(": ").append(e.getMessage());
      e.details().forEach(d -> out.append("\n  ").append(d));
      throw new IllegalStateException(out.toString());
    }
  }
}
