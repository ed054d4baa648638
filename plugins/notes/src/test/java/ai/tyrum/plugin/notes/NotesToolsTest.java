package ai.tyrum.plugin.notes;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.api.ToolCall;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotesToolsTest {

  private final AddNoteTool addNote = new AddNoteTool();
  private final ListNotesTool listNotes = new ListNotesTool();

  @BeforeEach
  void shareOneNoteBook() {
    var book = new NoteBook(new InMemoryStore());
    addNote.notes = book;
    listNotes.notes = book;
  }

  @Test
  void addNoteReturnsTheNewIdAndTitleAsItsSchemaSays() {
    var input = Map.<String, Object>of("title", "groceries", "body", "milk, eggs");
    assertThat(JsonFiles.violations("schemas/add_note.input.json", input)).isEmpty();

    var output = addNote.invoke(new ToolCall("plugin.notes.add_note", "default", input)).output();

    assertThat(output).containsEntry("title", "groceries").containsKey("id");
    assertThat(JsonFiles.violations("schemas/add_note.output.json", output)).isEmpty();
  }

  @Test
  void listNotesListsIdAndTitleOfEveryNoteWithoutBodies() {
    var added =
        addNote.invoke(
            new ToolCall("plugin.notes.add_note", "default", Map.of("title", "t", "body", "secret")));

    var output = listNotes.invoke(new ToolCall("plugin.notes.list_notes", "default", Map.of())).output();

    assertThat(output).isEqualTo(Map.of("notes", List.of(added.output())));
    assertThat(JsonFiles.violations("schemas/list_notes.output.json", output)).isEmpty();
  }

  @Test
  void listNotesOfAnEmptyNoteBookIsAnEmptyList() {
    var output = listNotes.invoke(new ToolCall("plugin.notes.list_notes", "default", Map.of())).output();

    assertThat(output).isEqualTo(Map.of("notes", List.of()));
    assertThat(JsonFiles.violations("schemas/list_notes.output.json", output)).isEmpty();
  }
}
