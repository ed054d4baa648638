package ai.tyrum.gateway.lib.shell;

import java.util.ArrayList;
import java.util.List;

/**
 * Left-aligned text columns, two spaces apart, for people (scripts use {@code --json}): a table with a
 * header row, or without one for {@code key value} lines. Cells may not hold line breaks.
 */
public final class ShellTable {

  private final List<String[]> rows = new ArrayList<>();
  private final int columns;
  private String indent = "";

  /** A table whose first row is {@code header}. */
  public ShellTable(String... header) {
    this(header.length);
    rows.add(header.clone());
  }

  private ShellTable(int columns) {
    this.columns = columns;
  }

  /** A table without a header row, of {@code columns} columns. */
  public static ShellTable of(int columns) {
    return new ShellTable(columns);
  }

  /** Starts every line with {@code indent}, for a table nested under a heading. */
  public ShellTable indent(String indent) {
    this.indent = indent;
    return this;
  }

  /** Adds a row; {@code null} prints as an empty cell, anything else as its {@code toString()}. */
  public ShellTable row(Object... cells) {
    if (cells.length != columns) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of " + columns + " columns");
    }
    String[] row = new String[columns];
    for (int i = 0; i < columns; i++) {
      row[i] = cells[i] == null ? "" : cells[i].toString();
    }
    rows.add(row);
    return this;
  }

  /** The lines, each ended by a line break, without trailing blanks. */
  @Override
  public String toString() {
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < columns; i++) {
        line.append(row[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(width[i] - row[i].length() + 2));
        }
      }
      out.append(line.toString().stripTrailing()).append('\n');
    }
    return out.toString();
  }
}
