package ai.tyrum.plugin.notes;

import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.PrivateStore;
import java.util.List;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The notes of this plugin, shared by its tools: a DS service private to the plugin (its package is not
 * exported), kept in the plugin's private store (the {@code db} permission it requests), so they survive
 * restarts and upgrades.
 *
 * <p>Each note is the object {@code {"id","title","body"}} at key {@code note/<number>}, the number
 * zero-padded so that the store's ascending key order is the order of adding; the last number given
 * is kept at {@value #LAST_ID}, so an id is never given twice, across restarts too.
 */
@Component(service = NoteBook.class)
public class NoteBook {

  /** The {@code max_notes} default of the config schema, until the gateway hands config to plugins. */
  static final int MAX_NOTES = 100;

  static final String PREFIX = "note/";
  static final String LAST_ID = "meta/last-id";

  private final PrivateStore store;
  private final int maxNotes;

  @Activate
  public NoteBook(@Reference PrivateStore store) {
    this(store, MAX_NOTES);
  }

  NoteBook(PrivateStore store, int maxNotes) {
    this.store = store;
    this.maxNotes = maxNotes;
  }

  /**
   * Adds a note and returns it with its new id.
   *
   * @throws PluginException {@code notebook_full} when {@code max_notes} notes are kept already; the
   *     store's own failures ({@code permission_denied} without the {@code db} grant, {@code store_full})
   */
  synchronized Note add(String title, String body) {
    if (store.keys(PREFIX).size() >= maxNotes) {
      throw new PluginException("notebook_full", "the notebook keeps at most " + maxNotes + " notes");
    }
    long id = store.get(LAST_ID).map(last -> ((Number) last.get("last")).longValue()).orElse(0L) + 1;
    // The id is taken before the note is written: a crash in between loses a number, never reuses one.
    store.put(LAST_ID, Map.of("last", id));
    Note note = new Note("note-" + id, title, body);
    store.put(key(id), Map.of("id", note.id(), "title", title, "body", body));
    return note;
  }

  /** The notes in the order they were added. */
  synchronized List<Note> list() {
    return store.keys(PREFIX).stream()
        .flatMap(key -> store.get(key).stream())
        .map(note -> new Note((String) note.get("id"), (String) note.get("title"), (String) note.get("body")))
        .toList();
  }

  private static String key(long id) {
    return PREFIX + String.format("%019d", id);
  }
}
