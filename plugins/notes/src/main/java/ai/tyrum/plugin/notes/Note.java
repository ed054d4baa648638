package ai.tyrum.plugin.notes;

import java.util.Map;
import java.util.Objects;

/** One note as kept by the {@link NoteBook}. */
record Note(String id, String title, String body) {

  Note {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(body, "body");
  }

  /** What the tools show of a note: its id and title, never the body. */
  Map<String, Object> summary() {
    return Map.of("id", id, "title", title);
  }
}
