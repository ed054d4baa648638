package ai.tyrum.gateway.benchmarks.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScaleOptionsTest {

  @Test
  void withoutOptionsMeasuresEverySizeOfTheIssue() {
    ScaleOptions options = ScaleOptions.parse();

    assertThat(options.home()).isEqualTo(Path.of("distribution/target/gateway"));
    assertThat(options.sizes()).containsExactly(0, 10, 200, 1000);
    assertThat(options.runs()).isEqualTo(3);
    assertThat(options.warmups()).isEqualTo(1);
    assertThat(options.work()).isEmpty();
    assertThat(options.report()).isEqualTo(Path.of("docs/benchmarks.md"));
    assertThat(options.commandLine()).isEqualTo(ScaleOptions.COMMAND);
  }

  @Test
  void readsEveryOption() {
    ScaleOptions options = ScaleOptions.parse("--home", "/g", "--sizes", "0, 10", "--runs", "5", "--warmups", "0",
        "--work", "/w", "--report", "/r.md", "--command", "make scale");

    assertThat(options).isEqualTo(new ScaleOptions(Path.of("/g"), List.of(0, 10), 5, 0, Optional.of(Path.of("/w")),
        Path.of("/r.md"), Optional.of("make scale")));
    assertThat(options.commandLine()).isEqualTo("make scale");
  }

  @Test
  void theRecordedCommandNamesTheOptionsThatDifferFromTheDefaults() {
    ScaleOptions options = ScaleOptions.parse("--sizes", "0,10", "--runs", "1", "--warmups", "1", "--work", "/w");

    assertThat(options.commandLine()).isEqualTo(ScaleOptions.COMMAND + " --sizes 0,10 --runs 1");
  }

  @Test
  void refusesAnUnknownOptionWithTheUsageLine() {
    assertThatThrownBy(() -> ScaleOptions.parse("--size", "10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown option --size\n" + ScaleOptions.USAGE);
  }

  @Test
  void refusesAnOptionWithoutItsValue() {
    assertThatThrownBy(() -> ScaleOptions.parse("--runs", "2", "--report"))
        .hasMessageStartingWith("--report needs a value\n");
  }

  @Test
  void refusesRunsBelowOneAndNegativeOrMalformedNumbers() {
    assertThatThrownBy(() -> ScaleOptions.parse("--runs", "0")).hasMessageStartingWith("--runs takes a whole number of at least 1");
    assertThatThrownBy(() -> ScaleOptions.parse("--warmups", "-1")).hasMessageContaining("at least 0");
    assertThatThrownBy(() -> ScaleOptions.parse("--sizes", "10,x")).hasMessageContaining("not 'x'");
    assertThatThrownBy(() -> ScaleOptions.parse("--sizes", "")).hasMessageContaining("--sizes");
  }

  @Test
  void refusesASizeNamedTwice() {
    assertThatThrownBy(() -> ScaleOptions.parse("--sizes", "10,0,10")).hasMessageStartingWith("--sizes names 10 twice");
  }
}
