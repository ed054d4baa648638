package ai.tyrum.gateway.policy.exposure;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.spi.ToolDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExposureRulesTest {

  private static final ToolDescriptor READ_ONLY = new ToolDescriptor("plugin.echo.echo", "echo", false, false);
  private static final ToolDescriptor STATE_CHANGING = new ToolDescriptor("plugin.notes.add_note", "notes", true, false);
  private static final ToolDescriptor ACCESS_EXPANDING = new ToolDescriptor("plugin.notes.list_notes", "notes", false, true);

  @Test
  void readOnlyToolOfPluginWithoutPermissionsIsExposedByDefault() {
    assertThat(ExposureRules.DEFAULT.decide(READ_ONLY).exposed()).isTrue();
    assertThat(ExposureRules.DEFAULT.decide(READ_ONLY).reason()).isEqualTo("allowed_by_default");
  }

  @Test
  void stateChangingToolIsHiddenUntilAllowlistedByExactId() {
    assertThat(ExposureRules.DEFAULT.decide(STATE_CHANGING).reason()).isEqualTo("disabled_by_plugin_opt_in");
    ExposureRules rules = ExposureRules.of(new String[] {"plugin.notes.add_note"}, new String[0]);
    assertThat(rules.decide(STATE_CHANGING).exposed()).isTrue();
    assertThat(rules.decide(STATE_CHANGING).reason()).isEqualTo("allowlisted");
  }

  @Test
  void readOnlyToolOfAccessExpandingPluginIsOptIn() {
    assertThat(ExposureRules.DEFAULT.decide(ACCESS_EXPANDING).reason()).isEqualTo("disabled_by_plugin_opt_in");
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "plugin.*", "plugin.notes.*", "plugin.notes.add_*", "*add_note"})
  void wildcardsNeverOptAToolIn(String pattern) {
    ExposureRules rules = ExposureRules.of(new String[] {pattern}, new String[0]);
    assertThat(rules.decide(STATE_CHANGING).exposed()).isFalse();
    assertThat(rules.decide(ACCESS_EXPANDING).exposed()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "plugin.*", "plugin.echo.*", "*echo", "plugin.echo.echo"})
  void denyPatternAlwaysHides(String pattern) {
    ExposureRules rules = ExposureRules.of(new String[] {"plugin.echo.echo"}, new String[] {pattern});
    assertThat(rules.decide(READ_ONLY).exposed()).isFalse();
    assertThat(rules.decide(READ_ONLY).reason()).isEqualTo("denied_by_policy");
  }

  @Test
  void denyPatternThatDoesNotMatchLeavesToolAlone() {
    ExposureRules rules = ExposureRules.of(new String[0], new String[] {"plugin.notes.*"});
    assertThat(rules.decide(READ_ONLY).exposed()).isTrue();
  }
}
