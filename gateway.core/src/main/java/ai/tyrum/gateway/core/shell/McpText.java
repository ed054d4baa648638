package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.mcp.McpServerStatus;
import ai.tyrum.gateway.core.mcp.McpTool;
import ai.tyrum.gateway.core.mcp.McpTools;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.lib.shell.Timestamps;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The tables of the {@code mcp:} commands: the servers, and the tools they listed. */
final class McpText {

  /** One column of a table: its header and what a row shows in it. */
  record Column<T>(String header, Function<T, Object> cell) {}

  /** A listed tool with its server, and where it stands in the catalogue (served, or held and why). */
  record ListedTool(McpServerStatus server, McpSchema.Tool tool, Optional<McpTool> pin) {}

  static final List<Column<McpServerStatus>> SERVER_COLUMNS = List.of(
      new Column<>("SERVER", s -> s.id()),
      new Column<>("TRANSPORT", McpServerStatus::transport),
      new Column<>("STATE", s -> s.state().name()),
      new Column<>("PID", s -> s.pid().map(String::valueOf).orElse("-")),
      new Column<>("RESTARTS", McpServerStatus::restarts),
      new Column<>("TOOLS", s -> s.tools().size()),
      new Column<>("SINCE", s -> Timestamps.seconds(s.since())),
      new Column<>("REASON", s -> s.reason().orElse("")));

  /** The columns of {@code mcp:tools}; a column added here (a pin, an approval) shows in the table at once. */
  static final List<Column<ListedTool>> TOOL_COLUMNS = List.of(
      new Column<>("SERVER", t -> t.server().id()),
      new Column<>("TOOL", t -> t.tool().name()),
      new Column<>("ID", t -> t.server().id().toolId(t.tool().name())),
      new Column<>("READ-ONLY HINT", t -> McpServerStatus.readOnlyHint(t.tool()) ? "yes" : "no"),
      new Column<>("PIN", t -> t.pin().map(p -> p.served() ? "served" : "held: " + p.reason()).orElse("-")),
      new Column<>("DESCRIPTION", t -> firstLine(t.tool().description())));

  private McpText() {}

  static <T> String table(List<Column<T>> columns, List<T> rows) {
    ShellTable table = new ShellTable(columns.stream().map(Column::header).toArray(String[]::new));
    for (T row : rows) {
      List<Object> cells = new ArrayList<>();
      columns.forEach(column -> cells.add(column.cell().apply(row)));
      table.row(cells.toArray());
    }
    return table.toString();
  }

  static List<ListedTool> tools(List<McpServerStatus> servers, McpTools catalogue) {
    List<ListedTool> tools = new ArrayList<>();
    servers.forEach(server -> server.tools().forEach(tool ->
        tools.add(new ListedTool(server, tool, catalogue.listed(server.id().toolId(tool.name()))))));
    return tools;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 80 ? line.substring(0, 77) + "..." : line;
  }
}
