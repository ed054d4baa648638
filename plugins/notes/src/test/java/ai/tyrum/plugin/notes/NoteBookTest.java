package ai.tyrum.plugin.notes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ai.tyrum.gateway.api.PluginException;
import org.junit.jupiter.api.Test;

class NoteBookTest {

  private final InMemoryStore store = new InMemoryStore();

  @Test
  void addGivesEachNoteItsOwnIdAndListKeepsTheOrderOfAdding() {
    var book = new NoteBook(store);

    var first = book.add("one", "first body");
    var second = book.add("two", "second body");

    assertThat(first.id()).isNotEqualTo(second.id());
    assertThat(book.list()).containsExactly(first, second);
  }

  @Test
  void notesAreKeptInThePrivateStoreAndANewNoteBookFindsThem() {
    var first = new NoteBook(store).add("one", "first body");

    var reopened = new NoteBook(store);
    var second = reopened.add("two", "second body");

    assertThat(reopened.list()).containsExactly(first, second);
    assertThat(second.id()).isEqualTo("note-2");
  }

  @Test
  void theOrderOfAddingHoldsPastTenNotes() {
    var book = new NoteBook(store);
    for (int i = 1; i <= 12; i++) {
      book.add("t" + i, "");
    }

    assertThat(book.list()).extracting(Note::id).startsWith("note-1", "note-2").endsWith("note-11", "note-12");
  }

  @Test
  void anIdIsNeverGivenTwiceEvenAfterANoteIsGone() {
    var book = new NoteBook(store);
    book.add("one", "");
    var second = book.add("two", "");
    store.delete(store.keys(NoteBook.PREFIX).get(1));

    assertThat(new NoteBook(store).add("three", "").id()).isNotEqualTo(second.id()).isEqualTo("note-3");
  }

  @Test
  void addRefusesANoteBeyondMaxNotesWithNotebookFull() {
    var book = new NoteBook(store, 1);
    book.add("one", "");

    var refused = catchThrowableOfType(PluginException.class, () -> book.add("two", ""));

    assertThat(refused.code()).isEqualTo("notebook_full");
    assertThat(book.list()).hasSize(1);
  }

  @Test
  void maxNotesCountsTheNotesAlreadyStored() {
    new NoteBook(store).add("one", "");

    var refused = catchThrowableOfType(PluginException.class, () -> new NoteBook(store, 1).add("two", ""));

    assertThat(refused.code()).isEqualTo("notebook_full");
  }
}
