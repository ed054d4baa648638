package ai.tyrum.gateway.core.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.core.host.PluginPaths.BadPath;
import ai.tyrum.gateway.core.host.PluginPaths.Fault;
import java.util.List;
import org.junit.jupiter.api.Test;

class PluginPathsTest {

  @Test
  void relativePathsAreTheirNames() throws BadPath {
    assertThat(PluginPaths.parse("out/a.txt", false)).containsExactly("out", "a.txt");
    assertThat(PluginPaths.parse("x", false)).containsExactly("x");
    assertThat(PluginPaths.parse("", true)).isEmpty();
  }

  @Test
  void pathsThatClimbOutOrAreAbsoluteEscape() {
    for (String path : new String[] {"../x", "out/../../x", "out/..", "/etc/passwd", "//x", ".."}) {
      assertThatThrownBy(() -> PluginPaths.parse(path, false))
          .as(path)
          .isInstanceOfSatisfying(BadPath.class, e -> assertThat(e.fault).isEqualTo(Fault.escapes));
    }
  }

  @Test
  void malformedPathsAreInvalid() {
    for (String path : new String[] {"", "out//x", "out/", "./x", "out/.", "a\\b", "a\0b", "a\nb"}) {
      assertThatThrownBy(() -> PluginPaths.parse(path, false))
          .as(path)
          .isInstanceOfSatisfying(BadPath.class, e -> assertThat(e.fault).isEqualTo(Fault.invalid));
    }
    assertThatThrownBy(() -> PluginPaths.parse(null, true)).isInstanceOf(BadPath.class);
  }

  @Test
  void aTargetCoversItsFolderAndWhatIsUnderIt() {
    List<String> targets = List.of("out", "cache/tmp");
    assertThat(PluginPaths.covering(targets, List.of("out"))).contains(List.of("out"));
    assertThat(PluginPaths.covering(targets, List.of("out", "a", "b"))).contains(List.of("out"));
    assertThat(PluginPaths.covering(targets, List.of("cache", "tmp", "x"))).contains(List.of("cache", "tmp"));
    assertThat(PluginPaths.covering(targets, List.of("cache", "x"))).isEmpty();
    assertThat(PluginPaths.covering(targets, List.of("outer"))).isEmpty();
    assertThat(PluginPaths.covering(targets, List.of())).isEmpty();
    assertThat(PluginPaths.covering(List.of("."), List.of())).contains(List.of());
    assertThat(PluginPaths.covering(List.of("./out/"), List.of("out", "x"))).contains(List.of("out"));
  }

  @Test
  void aTargetThatWouldLeaveTheDataDirCoversNothing() {
    assertThat(PluginPaths.covering(List.of("../other", "/etc", "a/../.."), List.of("other"))).isEmpty();
    assertThat(PluginPaths.covering(List.of("../other"), List.of("..", "other"))).isEmpty();
  }
}
