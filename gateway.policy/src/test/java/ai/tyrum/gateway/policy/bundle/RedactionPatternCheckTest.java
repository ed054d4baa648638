package ai.tyrum.gateway.policy.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.policy.PolicyException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedactionPatternCheckTest {

  private static final PolicyReader READER = new PolicyReader();

  private static PolicyLayer read(String yaml) {
    return READER.read("deployment.yml", yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void patternsThatBacktrackInJavaAreAcceptedForRE2RunsThemInLinearTime() {
    assertThat(read("redaction:\n  patterns: ['(\\w+\\s*)+=', '.*.*=', '(?i)password=\\S+', 'sk-[A-Za-z0-9]{8,}']\n").redact())
        .hasSize(4);
  }

  @Test
  void backreferenceIsRefusedWithFilePointerAndReason() {
    assertThatThrownBy(() -> read("redaction:\n  patterns: ['sk-.*', '(a+)\\1']\n"))
        .isInstanceOfSatisfying(PolicyException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_policy");
          assertThat(e.details()).singleElement().satisfies(d -> assertThat(d)
              .startsWith("deployment.yml: /redaction/patterns/1: ")
              .contains("RE2")
              .contains("backreferences"));
        });
  }

  @Test
  void lookaroundIsRefused() {
    assertThat(RedactionPatternCheck.fault("password=(?!hidden)\\S+")).hasValueSatisfying(f -> assertThat(f).contains("RE2"));
    assertThat(RedactionPatternCheck.fault("(?<=key:)\\S+")).isPresent();
  }

  @Test
  void nestedCountedRepetitionsThatExpandIntoAHugeProgramAreRefused() {
    assertThat(RedactionPatternCheck.fault("((a{100}){100}){100}"))
        .hasValueSatisfying(f -> assertThat(f).contains("counted repetitions"));
    assertThatThrownBy(() -> read("redaction:\n  patterns: ['(x{50}){50}']\n"))
        .isInstanceOfSatisfying(PolicyException.class, e -> assertThat(e.details())
            .singleElement().satisfies(d -> assertThat(d).startsWith("deployment.yml: /redaction/patterns/0: ")));
  }

  @Test
  void deeplyNestedPatternIsRefusedRatherThanOverflowingTheStack() {
    assertThat(RedactionPatternCheck.fault("(".repeat(100_000) + "a" + ")".repeat(100_000))).isPresent();
  }

  @Test
  void expandedSizeCountsLiteralsClassesAndRepetitions() {
    assertThat(RedactionPatternCheck.expandedSize("abc")).isEqualTo(3);
    assertThat(RedactionPatternCheck.expandedSize("sk-[A-Za-z0-9]{8,}")).isEqualTo(3 + 9);
    assertThat(RedactionPatternCheck.expandedSize("(ab){3}c")).isEqualTo(7);
    assertThat(RedactionPatternCheck.expandedSize("\\d{3}-\\d{2}")).isEqualTo(6);
    assertThat(RedactionPatternCheck.expandedSize("[{]{2,4}\\{x}")).isEqualTo(4 + 3);
    assertThat(RedactionPatternCheck.expandedSize("\\p{Greek}{10}")).isEqualTo(10);
    assertThat(RedactionPatternCheck.expandedSize("((a{10}){10}){10}")).isEqualTo(1000);
  }
}
