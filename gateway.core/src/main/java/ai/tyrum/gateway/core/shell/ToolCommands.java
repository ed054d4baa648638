package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.invoke.ToolCallException;
import ai.tyrum.gateway.core.invoke.ToolGateway;
import ai.tyrum.gateway.core.invoke.ToolOutcome;
import ai.tyrum.gateway.core.registry.BoundTool;
import ai.tyrum.gateway.core.registry.PluginRegistry;
import ai.tyrum.gateway.spi.Exposure;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code tool:list} and {@code tool:call}. */
@Component(
    service = ToolCommands.class,
    property = {"osgi.command.scope=tool", "osgi.command.function=list", "osgi.command.function=call"})
public final class ToolCommands {

  @Reference PluginRegistry registry;
  @Reference ToolGateway gateway;

  @Descriptor("lists the plugin tools and whether each is exposed to an agent")
  public String list(
      @Descriptor("the agent") @Parameter(names = "--agent", absentValue = "default") String agent,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false")
          boolean json) {
    List<Map<String, Object>> rows = new ArrayList<>();
    Table table = new Table("ID", "EFFECT", "EXPOSED", "REASON", "DESCRIPTION");
    for (BoundTool tool : registry.tools()) {
      Exposure exposure = gateway.exposure(tool, agent);
      table.row(tool.toolId(), tool.declaration().effect(), exposure.exposed() ? "yes" : "no", exposure.reason(), tool.declaration().description());
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", tool.toolId());
      row.put("effect", tool.declaration().effect());
      row.put("exposed", exposure.exposed());
      row.put("reason", exposure.reason());
      rows.add(row);
    }
    return json ? ShellJson.write(Map.of("agent", agent, "tools", rows)) : table.toString();
  }

  @Descriptor("calls a tool through the gateway's call path (exposure, contract, audit)")
  public String call(
      @Descriptor("the agent") @Parameter(names = "--agent", absentValue = "default") String agent,
      @Descriptor("tool id, such as plugin.echo.echo") String toolId,
      @Descriptor("input as a JSON object, such as '{\"text\":\"hi\"}'") String input) {
    try {
      ToolOutcome outcome = gateway.invoke(agent, toolId, input);
      return ShellJson.write(outcome.output());
    } catch (ToolCallException e) {
      StringBuilder out = new StringBuilder("error ").append(e.code()).append(": ").append(e.getMessage());
      e.details().forEach(d -> out.append("\n  ").append(d));
      throw new IllegalStateException(out.toString());
    }
  }
}
