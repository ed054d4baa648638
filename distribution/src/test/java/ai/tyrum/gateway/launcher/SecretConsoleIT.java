package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code secret:set SCOPE NAME} without a value at {@code bin/gateway}: typed at the interactive console it
 * is not echoed and stays out of the console's history; piped in, it is the line after the command, which
 * then does not run as a command. Either way only the secrets file holds it.
 */
class SecretConsoleIT {

  @TempDir
  Path temp;

  @Test
  void aValueTypedAtTheConsoleIsNotEchoedNorKeptInTheHistory() throws Exception {
    Path data = temp.resolve("data");
    String value = "typed-v4lue-nobody-sees";
    try (PseudoTerminal console = PseudoTerminal.start("xterm", data, temp)) {
      console.await(PseudoTerminal.PROMPT);
      int start = console.printed().length();
      console.press("secret:set app typed" + PseudoTerminal.ENTER);
      console.await("value of app/typed: ");

      String answer = console.type(value, "secret app/typed set");

      assertThat(answer).doesNotContain(value);
      assertThat(console.type("secret:list", "console")).contains("app", "typed");
      console.press("exit" + PseudoTerminal.ENTER);
      assertThat(console.awaitExit()).isTrue();
      assertThat(console.printed().substring(start)).doesNotContain(value);
    }
    assertThat(Files.readString(temp.resolve(".gogo.history"))).contains("secret:set app typed").doesNotContain(value);
    assertThat(Files.readString(data.resolve("secrets/secrets.json"))).contains(value);
  }

  @Test
  void aPipedValueIsTheLineAfterTheCommand() throws Exception {
    Path data = temp.resolve("data");
    String value = "piped-v4lue-not-a-command";
    Process gateway = new ProcessBuilder(BinGatewayIT.GATEWAY.toAbsolutePath().toString(), "--data", data.toString(), "--port", "0")
        .redirectErrorStream(true)
        .start();
    gateway.getOutputStream().write(("secret:set app piped\n" + value + "\nsecret:list\n").getBytes(StandardCharsets.UTF_8));
    gateway.getOutputStream().close();
    String printed = new String(gateway.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(gateway.exitValue()).as(printed).isZero();
    assertThat(printed).contains("secret app/piped set").containsPattern("app +piped +\\S+ +console").doesNotContain(value);
    assertThat(Files.readString(data.resolve("secrets/secrets.json"))).contains(value);
  }
}
