package ai.tyrum.gateway.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

  private static final String REPORT = """
      # Benchmarks

      Intro.

      ## Tool call path

      Calls.

      ### Where the targets stand

      Notes.

      ## Start-up

      Old start-up figures.
      """;

  @Test
  void replacesTheSectionOfTheSameHeadingUpToTheNextAndKeepsTheOthers() {
    String text = Report.withSection(REPORT, "## Tool call path\n\nNew figures.\n", Optional.empty());

    assertThat(text).isEqualTo("""
        # Benchmarks

        Intro.

        ## Tool call path

        New figures.

        ## Start-up

        Old start-up figures.
        """);
  }

  @Test
  void replacesTheLastSectionToTheEnd() {
    String text = Report.withSection(REPORT, "## Start-up\n\nNew.\n", Optional.empty());

    assertThat(text).endsWith("Notes.\n\n## Start-up\n\nNew.\n").contains("## Tool call path\n\nCalls.\n");
  }

  @Test
  void appendsAMissingSectionAtTheEnd() {
    String text = Report.withSection(REPORT, "## Scale\n\nFigures.\n", Optional.empty());

    assertThat(text).isEqualTo(REPORT + "\n## Scale\n\nFigures.\n");
  }

  @Test
  void putsAMissingSectionBeforeTheHeadingNamed() {
    String text = Report.withSection(REPORT, "## Install\n\nFigures.\n", Optional.of("## Start-up"));

    assertThat(text).contains("Notes.\n\n## Install\n\nFigures.\n\n## Start-up\n\nOld start-up figures.\n");
  }

  @Test
  void takesNoSubsectionOrLongerHeadingForTheSection() {
    String report = "# Benchmarks\n\n## Scale-out\n\nOther.\n\n## Notes\n\n### Scale\n\nA subsection.\n";

    String text = Report.withSection(report, "## Scale\n\nFigures.\n", Optional.empty());

    assertThat(text).isEqualTo(report + "\n## Scale\n\nFigures.\n");
  }

  @Test
  void aReportThatStartsWithTheSectionKeepsWhatFollows() {
    String text = Report.withSection("## Scale\n\nOld.\n\n## Start-up\n\nKept.\n", "## Scale\n\nNew.\n", Optional.empty());

    assertThat(text).isEqualTo("## Scale\n\nNew.\n\n## Start-up\n\nKept.\n");
  }
}
