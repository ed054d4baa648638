package ai.tyrum.gateway.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.re2j.Pattern;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionPatternsTest {

  private final RedactionPatterns patterns = new RedactionPatterns();

  @Test
  void aSnapshotsListIsCompiledOnceAndServedByIdentity() {
    List<String> snapshot = List.of("sk-[a-z]+", "(?i)password=\\S+");
    List<Pattern> first = patterns.of(snapshot);
    assertThat(first).extracting(Pattern::pattern).containsExactlyElementsOf(snapshot);
    assertThat(patterns.of(snapshot)).isSameAs(first);
    // another agent's list in between, then an equal list of a new snapshot: compiled once all the same
    patterns.of(List.of("other"));
    assertThat(patterns.of(new ArrayList<>(snapshot))).isSameAs(first);
  }

  @Test
  void noPatternsIsNoWork() {
    assertThat(patterns.of(List.of())).isEmpty();
  }

  @Test
  void aPatternRE2CannotCompileFailsClosedNamingItsPointer() {
    assertThatThrownBy(() -> patterns.of(List.of("ok", "(?<=x)y")))
        .isInstanceOfSatisfying(ToolCallException.class, e -> {
          assertThat(e.code()).isEqualTo("invalid_policy");
          assertThat(e.details()).containsExactly("/redaction/patterns/1");
        });
  }
}
