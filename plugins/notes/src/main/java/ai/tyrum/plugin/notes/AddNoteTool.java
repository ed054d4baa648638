package ai.tyrum.plugin.notes;

import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.ProvideTool;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The tool {@code plugin.notes.add_note}: adds a note. State-changing, so an agent sees it only when an
 * allowlist names it exactly.
 */
@ProvideTool(
    plugin = NotesPlugin.ID,
    name = "add_note",
    effect = Effect.state_changing,
    inputSchema = "schemas/add_note.input.json",
    outputSchema = "schemas/add_note.output.json",
    description = "Adds a note with a title and a body; returns the new note's id and title.")
@Component(service = Tool.class)
public class AddNoteTool implements Tool {

  @Reference NoteBook notes;

  @Override
  public ToolResult invoke(ToolCall call) {
    return ToolResult.of(notes.add(call.string("title"), call.string("body")).summary());
  }
}
