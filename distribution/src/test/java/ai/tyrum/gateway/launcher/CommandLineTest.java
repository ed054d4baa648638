package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void defaultsToInteractiveOnLoopbackPort8788WithDataInWorkingDir() throws Exception {
    CommandLine line = CommandLine.parse();

    assertThat(line).isEqualTo(new CommandLine(false, false, Path.of("data"), 8788, "127.0.0.1", "interval", SecurityPosture.Requested.auto));
  }

  @Test
  void readsEveryOptionInBothSpellings() throws Exception {
    assertThat(CommandLine.parse("--headless", "--data", "/srv/g", "--port", "0", "--bind", "0.0.0.0", "--audit-sync", "always"))
        .isEqualTo(new CommandLine(false, true, Path.of("/srv/g"), 0, "0.0.0.0", "always", SecurityPosture.Requested.auto));
    assertThat(CommandLine.parse("--data=/srv/g", "--port=9000", "--bind=::1", "--audit-sync=interval"))
        .isEqualTo(new CommandLine(false, false, Path.of("/srv/g"), 9000, "::1", "interval", SecurityPosture.Requested.auto));
  }

  @Test
  void refusesUnknownOptionsStrayArgumentsAndMissingValues() {
    assertThatThrownBy(() -> CommandLine.parse("--verbose")).hasMessage("unknown option '--verbose'");
    assertThatThrownBy(() -> CommandLine.parse("start")).hasMessage("unexpected argument 'start'");
    assertThatThrownBy(() -> CommandLine.parse("--data")).hasMessage("--data needs a directory");
    assertThatThrownBy(() -> CommandLine.parse("--port", "--headless")).hasMessage("--port needs a port number");
    assertThatThrownBy(() -> CommandLine.parse("--headless=yes")).hasMessage("--headless takes no value");
  }

  @Test
  void refusesPortsOutsideTheTcpRange() {
    assertThatThrownBy(() -> CommandLine.parse("--port", "65536"))
        .hasMessage("--port needs a number from 0 to 65535, not '65536'");
    assertThatThrownBy(() -> CommandLine.parse("--port", "http"))
        .hasMessage("--port needs a number from 0 to 65535, not 'http'");
  }

  @Test
  void refusesAnAuditSyncModeThatDoesNotExist() {
    assertThatThrownBy(() -> CommandLine.parse("--audit-sync", "never"))
        .hasMessage("--audit-sync needs always or interval, not 'never'");
  }

  @Test
  void badArgumentsExitWithCode2() {
    assertThat(Main.run("--port", "-1")).isEqualTo(2);
  }

  @Test
  void readyUrlReachesWildcardBindsThroughLoopback() {
    assertThat(Gateway.url("127.0.0.1", 8788)).isEqualTo(URI.create("http://127.0.0.1:8788"));
    assertThat(Gateway.url("0.0.0.0", 80)).isEqualTo(URI.create("http://127.0.0.1:80"));
    assertThat(Gateway.url("::", 80)).isEqualTo(URI.create("http://[::1]:80"));
    assertThat(Gateway.url("::1", 80)).isEqualTo(URI.create("http://[::1]:80"));
  }

  @Test
  void readsSecurityModeAndRefusesAnyOther() throws Exception {
    assertThat(CommandLine.parse("--security", "on").security()).isEqualTo(SecurityPosture.Requested.on);
    assertThat(CommandLine.parse("--security=off").security()).isEqualTo(SecurityPosture.Requested.off);
    assertThatThrownBy(() -> CommandLine.parse("--security", "strict"))
        .hasMessage("--security needs auto, on or off, not 'strict'");
    assertThatThrownBy(() -> CommandLine.parse("--security")).hasMessage("--security needs a mode");
  }
}
