package ai.tyrum.gateway.core.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.spi.AgentId;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The agent-id rule, checked by hand on every call, is exactly the grammar it documents. */
class AgentIdTest {

  private static final Pattern GRAMMAR = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  @Test
  void acceptsAndRefusesTheEdges() {
    assertThat(AgentId.valid(AgentId.DEFAULT)).isTrue();
    assertThat(AgentId.valid("ops.team_1-a")).isTrue();
    assertThat(AgentId.valid("a".repeat(64))).isTrue();
    assertThat(AgentId.valid("a".repeat(65))).isFalse();
    assertThat(AgentId.valid("")).isFalse();
    assertThat(AgentId.valid(null)).isFalse();
    assertThat(AgentId.valid("-lead")).isFalse();
    assertThat(AgentId.valid(".hidden")).isFalse();
    assertThat(AgentId.valid("../ops")).isFalse();
    assertThat(AgentId.valid("two words")).isFalse();
    assertThat(AgentId.valid("agent\n")).isFalse();
    assertThat(AgentId.valid("ägent")).isFalse();
  }

  @Property(tries = 2000)
  void agreesWithTheDocumentedGrammar(@ForAll("candidates") String agent) {
    assertThat(AgentId.valid(agent)).isEqualTo(GRAMMAR.matcher(agent).matches());
  }

  @Provide
  Arbitrary<String> candidates() {
    return Arbitraries.strings().withChars("aZ09._-/ \nä").ofMinLength(0).ofMaxLength(70);
  }
}
