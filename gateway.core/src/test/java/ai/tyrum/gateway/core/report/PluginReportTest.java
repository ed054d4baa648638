package ai.tyrum.gateway.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PluginReportTest {

  private static final String SHA = "ab".repeat(32);
  private static final PluginOrigin CATALOG = new PluginOrigin(PluginOrigin.CATALOG, "https://catalog.example/index.xml", "key-1");

  @Test
  void aLoadedBundleIsLoadedWhateverTheLockfileSays() {
    for (LockEntry.State held : LockEntry.State.values()) {
      PluginReport report = PluginReport.of(bundle(PluginState.loaded, ""), Optional.of(entry(held)));

      assertThat(report.state()).as("entry %s", held).isEqualTo(PluginState.loaded);
      assertThat(report.reason()).isEmpty();
    }
  }

  @Test
  void anEntryWaitingForApprovalIsPendingApprovalWhileItsBundleIsNotLoaded() {
    PluginReport installed = PluginReport.of(bundle(PluginState.installed, ""), Optional.of(entry(LockEntry.State.pending_approval)));
    PluginReport refusedByTheGate = PluginReport.of(bundle(PluginState.failed, "unresolved"), Optional.of(entry(LockEntry.State.pending_approval)));

    assertThat(installed.state()).isEqualTo(PluginState.pending_approval);
    assertThat(refusedByTheGate.state()).isEqualTo(PluginState.pending_approval);
    assertThat(refusedByTheGate.reason()).isEmpty();
  }

  @Test
  void aDisabledEntryIsDisabledAndARevokedOneFailedWithReasonRevoked() {
    assertThat(PluginReport.of(bundle(PluginState.installed, ""), Optional.of(entry(LockEntry.State.disabled))).state())
        .isEqualTo(PluginState.disabled);
    PluginReport revoked = PluginReport.of(bundle(PluginState.installed, ""), Optional.of(entry(LockEntry.State.revoked)));
    assertThat(revoked.state()).isEqualTo(PluginState.failed);
    assertThat(revoked.reason()).isEqualTo(PluginReport.REVOKED);
    assertThat(PluginReport.of(entry(LockEntry.State.revoked)).toSummary())
        .containsEntry("state", "failed").containsEntry("reason", "revoked");
  }

  @Test
  void anEnabledEntryLeavesTheRegistrysStateAndReason() {
    PluginReport failed = PluginReport.of(bundle(PluginState.failed, "start_failed"), Optional.of(entry(LockEntry.State.enabled)));

    assertThat(failed.state()).isEqualTo(PluginState.failed);
    assertThat(failed.reason()).isEqualTo("start_failed");
  }

  @Test
  void summaryCarriesTheLockfilesSourceIntegritySizeAndGrantsAndKeepsTheLocationApart() {
    Map<String, Object> summary = PluginReport.of(bundle(PluginState.loaded, ""), Optional.of(entry(LockEntry.State.enabled))).toSummary();

    assertThat(summary).containsEntry("source", Map.of("kind", "catalog", "location", "https://catalog.example/index.xml", "key_id", "key-1"))
        .containsEntry("location", "tyrum:plugin:echo@1.0.0")
        .containsEntry("integrity_sha256", SHA)
        .containsEntry("size", 1234L)
        .containsEntry("granted", List.of("db:plugin"))
        .containsEntry("bundle_id", 7L)
        .containsKeys("id", "name", "version", "bundle", "state", "reason", "refused_services");
  }

  @Test
  void aBundleTheLockfileDoesNotHoldIsUnverifiedWithItsLocationAndTheDigestItNames() {
    PluginRecord record = new PluginRecord(3, "echo", "ai.tyrum.plugin.echo", "1.0.0", "tyrum:plugin:echo@1.0.0#sha256=" + SHA,
        Optional.empty(), Map.of(), PluginState.loaded, "", List.of(), List.of());
    Map<String, Object> summary = PluginReport.of(record, Optional.empty()).toSummary();

    assertThat(summary.get("source")).isEqualTo(Map.of("kind", "unverified", "location", record.location()));
    assertThat(summary).containsEntry("integrity_sha256", SHA).containsEntry("size", null).containsEntry("granted", List.of());
  }

  @ParameterizedTest
  @EnumSource(LockEntry.State.class)
  void anEntryWithoutABundleIsReportedFromTheLockfileAlone(LockEntry.State held) {
    Map<String, Object> summary = PluginReport.of(entry(held)).toSummary();

    assertThat(summary).containsEntry("id", "echo").containsEntry("version", "1.0.0").containsEntry("bundle", "ai.tyrum.plugin.echo")
        .containsEntry("bundle_id", null).containsEntry("location", "").containsEntry("integrity_sha256", SHA);
    assertThat(summary.get("state")).isEqualTo(held == LockEntry.State.enabled ? "installed"
        : held == LockEntry.State.revoked ? "failed" : held.name());
  }

  @Test
  void detailAddsTheWholeLockfileEntry() {
    Map<String, Object> detail = PluginReport.of(entry(LockEntry.State.pending_approval)).toDetail();

    assertThat(detail).containsEntry("lock", entry(LockEntry.State.pending_approval).toJson()).containsEntry("details", List.of());
  }

  @Test
  void aReportNeedsABundleOrAnEntry() {
    assertThatIllegalArgumentException().isThrownBy(() -> new PluginReport(Optional.empty(), Optional.empty()));
  }

  @Test
  void overlayListsTheBundlesThenTheEntriesWithoutOneByPluginId() {
    PluginRecord echo = bundle(PluginState.loaded, "");
    List<PluginReport> reports = PluginReports.overlay(List.of(echo),
        List.of(entry("zeta", LockEntry.State.pending_approval), entry(LockEntry.State.enabled), entry("alpha", LockEntry.State.disabled)));

    assertThat(reports).extracting(PluginReport::id).containsExactly("echo", "alpha", "zeta");
    assertThat(reports.get(0).entry()).isPresent();
    assertThat(reports).extracting(PluginReport::state)
        .containsExactly(PluginState.loaded, PluginState.disabled, PluginState.pending_approval);
  }

  private static PluginRecord bundle(PluginState state, String reason) {
    return new PluginRecord(7, "echo", "ai.tyrum.plugin.echo", "1.0.0", "tyrum:plugin:echo@1.0.0",
        Optional.empty(), Map.of(), state, reason, List.of(), List.of());
  }

  private static LockEntry entry(LockEntry.State state) {
    return entry("echo", state);
  }

  private static LockEntry entry(String id, LockEntry.State state) {
    return new LockEntry(id, "1.0.0", "ai.tyrum.plugin." + id, state, CATALOG, SHA, 1234L, List.of("db:plugin"),
        Map.of("echo", "cd".repeat(32)), List.of(new LockEntry.Approver("token:ops", Instant.EPOCH, "install")), Instant.EPOCH);
  }
}
