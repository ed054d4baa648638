package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MainTest {

  @Test
  void aDumbTerminalShowsNoColourUnlessAnEditorOrIdeRendersIt() {
    assertThat(Main.dumbTerminalShowsColour(Map.of("TERM", "dumb"))).isFalse();
    assertThat(Main.dumbTerminalShowsColour(Map.of("TERM", "dumb", "INSIDE_EMACS", "29.1,comint"))).isTrue();
    assertThat(Main.dumbTerminalShowsColour(Map.of("TERM", "dumb", "INSIDE_EMACS", "29.1,vterm"))).isFalse();
    assertThat(Main.dumbTerminalShowsColour(Map.of("TERM", "dumb", "IDE_HOME", "/opt/idea"))).isTrue();
    assertThat(Main.dumbTerminalShowsColour(Map.of("TERM", "xterm-256color"))).isTrue();
  }
}
