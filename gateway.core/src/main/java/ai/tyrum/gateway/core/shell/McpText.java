package ai.tyrum.gateway.core.shell;

import ai.tyrum.gateway.core.mcp.McpServerStatus;
import ai.tyrum.gateway.lib.shell.ShellTable;
import ai.tyrum.gateway.lib.shell.Timestamps;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** The tables of the {@code mcp:} commands: the servers, and the tools they listed. */
final class McpText {

  /** One column of a table: its header and what a row shows in it. */
  record Column<T>(String header, Function<T, Object> cell) {}

  /** A listed tool with its server. */
  record ListedTool(McpServerStatus server, McpSchema.Tool tool) {}

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

  static List<ListedTool> tools(List<McpServerStatus> servers) {
    List<ListedTool> tools = new ArrayList<>();
    servers.forEach(server -> server.tools().forEach(tool -> tools.add(new ListedTool(server, tool))));
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
