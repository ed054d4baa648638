package ai.tyrum.plugin.notes;

import ai.tyrum.gateway.api.PluginException;
import java.util.ArrayList;
import java.util.List;
import org.osgi.service.component.annotations.Component;

/**
 * The notes of this plugin, shared by its tools: a DS service private to the plugin (its package is not
 * exported). Notes live in memory and are lost on restart; a private store comes later through the
 * gateway's {@code db} permission, which the plugin already requests.
 */
@Component(service = NoteBook.class)
public class NoteBook {

  /** The {@code max_notes} default of the config schema, until the gateway hands config to plugins. */
  static final int MAX_NOTES = 100;

  private final int maxNotes;
  private final List<Note> notes = new ArrayList<>();
  private long lastId;

  /** DS needs a public no-argument constructor. */
  public NoteBook() {
    this(MAX_NOTES);
  }

  NoteBook(int maxNotes) {
    this.maxNotes = maxNotes;
  }

  /**
   * Adds a note and returns it with its new id.
   *
   * @throws PluginException {@code notebook_full} when {@code max_notes} notes are kept already
   */
  synchronized Note add(String title, String body) {
    if (notes.size() >= maxNotes) {
      throw new PluginException("notebook_full", "the notebook keeps at most " + maxNotes + " notes");
    }
    Note note = new Note("note-" + ++lastId, title, body);
    notes.add(note);
    return note;
  }

  /** The notes in the order they were added. */
  synchronized List<Note> list() {
    return List.copyOf(notes);
  }
}
