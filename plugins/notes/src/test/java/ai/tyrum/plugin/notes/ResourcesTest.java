package ai.tyrum.plugin.notes;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResourcesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "schemas/config.json",
        "schemas/add_note.input.json",
        "schemas/add_note.output.json",
        "schemas/list_notes.input.json",
        "schemas/list_notes.output.json"
      })
  void everySchemaIsAValidJsonSchema202012(String path) {
    assertThat(JsonFiles.schemaErrors(path)).isEmpty();
  }

  @Test
  void configBoundsMaxNotesFromBelowAndDefaultsToWhatTheNoteBookKeeps() {
    var maxNotes = JsonFiles.read("schemas/config.json").path("properties").path("max_notes");

    assertThat(maxNotes.path("default").asInt()).isEqualTo(NoteBook.MAX_NOTES);
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("max_notes", 1))).isEmpty();
    assertThat(JsonFiles.violations("schemas/config.json", Map.of("max_notes", 0))).isNotEmpty();
  }
}
