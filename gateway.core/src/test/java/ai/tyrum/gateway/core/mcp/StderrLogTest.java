package ai.tyrum.gateway.core.mcp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class StderrLogTest {

  @Test
  void aLineIsPrefixedWithItsServerAndItsSecretsAreRedacted() {
    assertThat(StderrLog.line("p/s", "token is s3cret, again s3cret", Set.of("s3cret")))
        .isEqualTo("mcp p/s: token is [REDACTED], again [REDACTED]");
  }

  @Test
  void aLongLineIsCutAfterRedaction() {
    String line = StderrLog.line("p/s", "s3cret" + "x".repeat(5000), Set.of("s3cret"));

    assertThat(line).startsWith("mcp p/s: [REDACTED]xxx").doesNotContain("s3cret").endsWith("more characters]");
    assertThat(line.length()).isLessThan(StderrLog.MAX_CHARS + 60);
  }
}
