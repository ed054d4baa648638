package ai.tyrum.gateway.policy.shell;

import ai.tyrum.gateway.lib.json.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/** Shell output: aligned tables for people, indented JSON for scripts (as the core's commands print). */
final class Text {

  private static final ObjectWriter PRETTY = Json.PRETTY;

  private Text() {}

  static String json(Object value) {
    return PRETTY.writeValueAsString(value);
  }

  static final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
      rows.add(header);
    }

    Table row(String... cells) {
      rows.add(cells);
      return this;
    }

    @Override
    public String toString() {
      int[] width = new int[rows.get(0).length];
      for (String[] row : rows) {
        for (int i = 0; i < row.length; i++) {
          width[i] = Math.max(width[i], row[i].length());
        }
      }
      StringBuilder out = new StringBuilder();
      for (String[] row : rows) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
          line.append(row[i]);
          if (i < row.length - 1) {
            line.append(" ".repeat(width[i] - row[i].length() + 2));
          }
        }
        out.append(line.toString().stripTrailing()).append('\n');
      }
      return out.toString();
    }
  }
}
