package ai.tyrum.gateway.core.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownCommandTest {

  private static final List<String> COMMANDS =
      List.of("tool:list", "tool:call", "tool:explain", "plugin:list", "plugin:info", "gogo:__files", "gateway:default", "felix:lb");

  @Test
  void suggestsTheClosestCommandOfAScopedTypo() {
    assertThat(UnknownCommand.closest("tool:lst", COMMANDS)).containsExactly("tool:list");
    assertThat(UnknownCommand.closest("tol:call", COMMANDS)).containsExactly("tool:call");
  }

  @Test
  void matchesAnUnscopedTypoAgainstFunctionsInEveryScope() {
    assertThat(UnknownCommand.closest("lst", COMMANDS)).containsExactly("plugin:list", "tool:list");
  }

  @Test
  void suggestsNothingFarAwayNorInternalFunctions() {
    assertThat(UnknownCommand.closest("frobnicate", COMMANDS)).isEmpty();
    assertThat(UnknownCommand.closest("files", COMMANDS)).isEmpty();
    assertThat(UnknownCommand.closest("defaul", COMMANDS)).isEmpty();
  }
}
