package ai.tyrum.gateway.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.launcher.SecurityPosture.Requested;
import org.junit.jupiter.api.Test;

class SecurityPostureTest {

  @Test
  void autoAndOnTurnHardenedModeOnWhereJavaAllowsASecurityManager() throws Exception {
    assertThat(SecurityPosture.decide(Requested.auto, 17, null).on()).isTrue();
    assertThat(SecurityPosture.decide(Requested.on, 17, null).on()).isTrue();
    assertThat(SecurityPosture.decide(Requested.on, 21, "allow").on()).isTrue();
    assertThat(SecurityPosture.decide(Requested.auto, 23, "allow").properties())
        .containsEntry("tyrum.security.requested", "auto")
        .containsEntry("tyrum.security.mode", "on");
  }

  @Test
  void offIsOffOnEveryJava() throws Exception {
    SecurityPosture off = SecurityPosture.decide(Requested.off, 17, null);

    assertThat(off.on()).isFalse();
    assertThat(off.reason()).isEqualTo("turned off with --security off");
    assertThat(SecurityPosture.decide(Requested.off, 25, null).on()).isFalse();
  }

  @Test
  void autoFallsBackWithOneWarningWhereJavaHasNoSecurityManager() throws Exception {
    SecurityPosture posture = SecurityPosture.decide(Requested.auto, 25, null);

    assertThat(posture.on()).isFalse();
    assertThat(posture.properties()).containsEntry("tyrum.security.mode", "off").containsEntry("tyrum.security.requested", "auto");
    assertThat(posture.warning()).startsWith("WARNING: hardened mode is OFF: Java 25 has no SecurityManager")
        .contains("Java 17 to 23").doesNotContain("\n");
  }

  @Test
  void onRefusesWhereJavaHasNoSecurityManagerAndSaysWhatToDo() {
    assertThatThrownBy(() -> SecurityPosture.decide(Requested.on, 25, "allow"))
        .isInstanceOf(LaunchException.class)
        .hasMessageContaining("--security on refused: Java 25 has no SecurityManager")
        .hasMessageContaining("set JAVA_HOME")
        .hasMessageContaining("--security auto");
  }

  @Test
  void java18To23NeedTheAllowFlag() throws Exception {
    assertThatThrownBy(() -> SecurityPosture.decide(Requested.on, 21, null))
        .hasMessageContaining("-Djava.security.manager=allow");
    assertThatThrownBy(() -> SecurityPosture.decide(Requested.on, 18, "disallow"))
        .hasMessageContaining("-Djava.security.manager=allow");
    assertThat(SecurityPosture.decide(Requested.auto, 21, null).on()).isFalse();
  }
}
