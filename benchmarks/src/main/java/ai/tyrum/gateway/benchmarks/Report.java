package ai.tyrum.gateway.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code docs/benchmarks.md}: one {@code ## } section per benchmark. Writing a section replaces the one
 * with the same heading, up to the next {@code ## } heading, and keeps every other section.
 */
public final class Report {

  private Report() {}

  /**
   * Writes {@code section} (starting with its {@code ## } heading line) into the report file.
   *
   * @param before the heading a new section goes in front of, when the report has it; else at the end
   */
  public static void write(Path report, String section, Optional<String> before) throws IOException {
    String text = Files.exists(report) ? Files.readString(report) : "# Benchmarks\n\n";
    Path parent = report.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Files.writeString(report, withSection(text, section, before));
  }

  /** {@code text} with {@code section} in place of the section of the same heading. */
  public static String withSection(String text, String section, Optional<String> before) {
    String heading = section.substring(0, section.indexOf('\n') + 1);
    boolean first = text.startsWith(heading);
    int start = first ? 0 : text.indexOf("\n" + heading) + 1;
    if (first || start > 0) {
      int end = text.indexOf("\n## ", start + 1);
      return text.substring(0, start) + section + (end < 0 ? "" : "\n" + text.substring(end + 1));
    }
    int next = before.map(h -> text.indexOf("\n" + h + "\n")).orElse(-1);
    if (next >= 0) {
      return text.substring(0, next + 1) + section + "\n" + text.substring(next + 1);
    }
    return text.endsWith("\n\n") ? text + section : text.stripTrailing() + "\n\n" + section;
  }
}
