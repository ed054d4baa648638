package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.invoke.ToolCatalog;
import ai.tyrum.gateway.core.invoke.ToolCatalog.Explanation;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.shell.Command;
import ai.tyrum.gateway.lib.shell.ShellCommand;
import ai.tyrum.gateway.lib.shell.ShellTable;
import java.util.List;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Function;
import org.apache.felix.service.command.Parameter;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code tool:list [--agent A]}: the plugin tools and whether each is exposed to the agent, with the reason. */
@Component(service = Function.class)
@Command(scope = "tool", function = "list")
public final class ToolListCommand extends ShellCommand {

  private final ToolCatalog catalog;

  @Activate
  public ToolListCommand(@Reference ToolCatalog catalog) {
    this.catalog = catalog;
  }

  @Descriptor("lists the plugin tools and whether each is exposed to an agent, with the reason")
  public String list(
      @Descriptor("the agent") @Parameter(names = "--agent", absentValue = "default") String agent,
      @Descriptor("print JSON for scripts") @Parameter(names = "--json", presentValue = "true", absentValue = "false") boolean json) {
    List<Explanation> tools = catalog.explainAll(agent);
    if (json) {
      return Json.PRETTY.writeValueAsString(Map.of("agent", agent, "tools", tools.stream().map(Explanation::toJson).toList()));
    }
    ShellTable table = new ShellTable("ID", "EFFECT", "EXPOSED", "DECISION", "REASON", "DESCRIPTION");
    for (Explanation tool : tools) {
      table.row(tool.toolId(), tool.declaration().effect(), tool.exposed() ? "yes" : "no", tool.decision(), tool.reason(),
          tool.declaration().description());
    }
    return table.toString();
  }
}
