package ai.tyrum.plugin.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.tyrum.gateway.api.PluginException;
import org.junit.jupiter.api.Test;

class NoteBookTest {

  @Test
  void addGivesEachNoteItsOwnIdAndListKeepsTheOrderOfAdding() {
    var book = new NoteBook();

    var first = book.add("one", "first body");
    var second = book.add("two", "second body");

    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(book.list()).containsExactly(first, second);
  }

  @Test
  void addRefusesANoteBeyondMaxNotesWithNotebookFull() {
    var book = new NoteBook(1);
    book.add("one", "");

    var refused = catchThrowableOfType(PluginException.class, () -> book.add("two", ""));

    assertThat(refused.code()).isEqualTo("notebook_full");
    assertThat(book.list()).hasSize(1);
  }
}
