package ai.tyrum.gateway.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * A framework with the optional gateway.policy bundle, started and closed alone: no other framework runs
 * meanwhile, so every thread started since belongs to it.
 */
class GatewayFrameworkStopIT {

  @Test
  void withPolicyTheCoreBindsItsToolPolicyAndCloseLeavesNothingBehind() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    GatewayFramework gateway = GatewayFramework.builder().withBundle("gateway.policy").start();
    Path data = gateway.data();
    try {
      assertThat(Arrays.stream(gateway.context().getBundles()).map(Bundle::getSymbolicName)).contains("gateway.policy");
      Await.until("gateway.policy's snapshot is in force",
          () -> !gateway.http().get("/status").assertStatus(200).json().path("policy_snapshot").asString().isEmpty());
    } finally {
      gateway.close();
    }

    assertThat(data).doesNotExist();
    Await.until("every thread the framework started has ended", () -> {
      Set<String> running = threadsStartedSince(before);
      if (!running.isEmpty()) {
        throw new IllegalStateException("still running: " + running);
      }
      return true;
    });
    assertThat(gateway.printed().lines())
        .as("what the framework printed")
        .noneMatch(line -> line.startsWith("ERROR") || line.contains(" ERROR ") || line.startsWith("\tat "));
  }

  /**
   * Threads started since {@code before} and still alive, by name, except those that outlive any framework
   * by design: the JDK's HTTP client selector (one client serves every test) and process reaper, and the
   * idle workers of two pools the framework does not shut down, which end after their keep-alive: Felix's
   * resolver pool (daemon) and the executor of the Gogo session gogo.jline 1.1.8 opens for the headless
   * profile and never closes.
   */
  private static Set<String> threadsStartedSince(Set<Thread> before) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> !before.contains(thread))
        .map(Thread::getName)
        .filter(name -> !name.startsWith("HttpClient-") && !name.equals("process reaper")
            && !name.startsWith("FelixResolver-") && !name.startsWith("session-"))
        .collect(Collectors.toSet());
  }
}
