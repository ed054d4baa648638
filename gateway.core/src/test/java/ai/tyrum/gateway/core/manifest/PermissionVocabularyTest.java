package ai.tyrum.gateway.core.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.core.manifest.PluginManifest.PermissionDecl;
import ai.tyrum.gateway.spi.Permission;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The permission vocabulary of DESIGN sections 3 and 4, as the manifest check and the call path read it. */
class PermissionVocabularyTest {

  @Test
  void classesAreThoseTheDesignNames() {
    assertThat(Permission.ids())
        .containsExactly("network.egress", "secrets.read", "db", "fs.read", "fs.write", "tools.call");
    assertThat(Permission.of("network.egress")).contains(Permission.NETWORK_EGRESS);
    assertThat(Permission.of("NETWORK.EGRESS")).isEmpty();
    assertThat(Permission.of("network")).isEmpty();
  }

  @Test
  void accessExpandingClassesMakeEveryToolOfThePluginOptIn() {
    assertThat(Arrays.stream(Permission.values()).filter(Permission::expandsAccess))
        .containsExactly(Permission.NETWORK_EGRESS, Permission.SECRETS_READ, Permission.DB, Permission.FS_WRITE);
    for (Permission permission : Permission.values()) {
      assertThat(manifest(permission).accessExpanding()).as("%s", permission).isEqualTo(permission.expandsAccess());
    }
  }

  @Test
  void classesReachingOutsideTheProcessRunTheirToolsOnThePool() {
    assertThat(Arrays.stream(Permission.values()).filter(p -> !p.reachesOutside())).containsExactly(Permission.TOOLS_CALL);
    for (Permission permission : Permission.values()) {
      assertThat(manifest(permission).reachesOutside()).as("%s", permission).isEqualTo(permission.reachesOutside());
    }
  }

  @Test
  void everyClassSaysWhatItsTargetLooksLike() {
    for (Permission permission : Permission.values()) {
      assertThat(permission.targetGrammar()).as("%s", permission).isNotBlank();
      assertThat(permission).hasToString(permission.id());
    }
  }

  private static PluginManifest manifest(Permission permission) {
    return new PluginManifest("p", "1.0.0", "test.p", "p", "", "config.json", List.of(), List.of(), List.of(), List.of(),
        List.of(new PermissionDecl(permission, "x", "why")));
  }
}
