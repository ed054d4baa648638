package ai.tyrum.plugin.notes;

import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.ProvideTool;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The tool {@code plugin.notes.list_notes}: lists the id and title of every note. */
@ProvideTool(
    plugin = NotesPlugin.ID,
    name = "list_notes",
    effect = Effect.read_only,
    inputSchema = "schemas/list_notes.input.json",
    outputSchema = "schemas/list_notes.output.json",
    description = "Lists the id and title of every note, oldest first.")
@Component(service = Tool.class)
public class ListNotesTool implements Tool {

  @Reference NoteBook notes;

  @Override
  public ToolResult invoke(ToolCall call) {
    return ToolResult.of(Map.of("notes", notes.list().stream().map(Note::summary).toList()));
  }
}
