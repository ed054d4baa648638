package ai.tyrum.gateway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.testing.ComponentConfig;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which sync mode the audit log opens with: configuration, then the launcher's flag, then the default. */
class DataDirAuditTrailTest {

  private static final Map<String, Object> UNCONFIGURED = Map.of("component.name", "audit");
  private static final Map<String, Object> CONFIGURED = Map.of("service.pid", AuditSettings.PID, "sync", "interval");

  private static AuditSettings sync(String mode) {
    return ComponentConfig.of(AuditSettings.class, Map.of("sync", mode));
  }

  @Test
  void withoutConfigurationOrFlagTheLogSyncsByInterval() {
    assertThat(DataDirAuditTrail.sync(ComponentConfig.defaults(AuditSettings.class), UNCONFIGURED, Optional.empty()))
        .isEqualTo(AuditLog.Sync.interval);
  }

  @Test
  void theLaunchersFlagDecidesWhileNoConfigurationExists() {
    assertThat(DataDirAuditTrail.sync(ComponentConfig.defaults(AuditSettings.class), UNCONFIGURED, Optional.of("always")))
        .isEqualTo(AuditLog.Sync.always);
  }

  @Test
  void aConfigurationWinsOverTheLaunchersFlag() {
    assertThat(DataDirAuditTrail.sync(sync("interval"), CONFIGURED, Optional.of("always")))
        .isEqualTo(AuditLog.Sync.interval);
    assertThat(DataDirAuditTrail.sync(sync("always"), CONFIGURED, Optional.empty()))
        .isEqualTo(AuditLog.Sync.always);
  }

  @Test
  void anUnknownModeIsRefused() {
    assertThatThrownBy(() -> DataDirAuditTrail.sync(sync("sometimes"), CONFIGURED, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sometimes");
  }
}
