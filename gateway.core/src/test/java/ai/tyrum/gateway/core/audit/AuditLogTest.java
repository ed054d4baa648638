package ai.tyrum.gateway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.spi.AuditException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final List<AuditLog> opened = new ArrayList<>();

  @AfterEach
  void closeLogs() {
    opened.forEach(AuditLog::close);
  }

  private AuditLog open() throws IOException {
    return open(Clock.systemUTC());
  }

  private AuditLog open(Clock clock) throws IOException {
    AuditLog log = AuditLog.open(dir, clock, new PrintStream(err, true, StandardCharsets.UTF_8));
    opened.add(log);
    return log;
  }

  private Path file() {
    return dir.resolve("audit.log");
  }

  private static Map<String, Object> lifecycle(String kind, String plugin) {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("kind", kind);
    payload.put("plugin", Map.of("id", plugin, "version", "1.0.0", "bundle", "tyrum.plugin." + plugin));
    return payload;
  }

  @Test
  void aChainOfSeveralRecordsVerifies() throws IOException {
    AuditLog log = open();
    List<AuditRecord> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      records.add(log.append("plugin.lifecycle", lifecycle("loaded", "p" + i)));
    }

    assertThat(records).extracting(AuditRecord::seq).containsExactly(1L, 2L, 3L, 4L, 5L);
    assertThat(records.get(0).prevHash()).isEqualTo("0".repeat(64));
    for (int i = 1; i < records.size(); i++) {
      assertThat(records.get(i).prevHash()).isEqualTo(records.get(i - 1).hash());
    }
    assertThat(log.verify()).isEqualTo(new VerifyReport(true, 5, -1, ""));
  }

  @Test
  void eachLineIsTheRecordWithAHashOverTheCanonicalJsonOfEverythingElse() throws Exception {
    Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07.089Z"), ZoneOffset.UTC);
    AuditRecord record = open(clock).append("policy.changed", Map.of("snapshot", "abc", "rules", 3));

    List<String> lines = Files.readAllLines(file());
    assertThat(lines).hasSize(1);
    Map<String, Object> stored = Json.object(lines.get(0));
    assertThat(stored.keySet()).containsExactly("seq", "ts", "type", "payload", "prev_hash", "hash");
    assertThat(stored).containsEntry("seq", 1).containsEntry("ts", "2026-03-04T05:06:07.089Z")
        .containsEntry("type", "policy.changed").containsEntry("prev_hash", "0".repeat(64));

    Map<String, Object> body = new LinkedHashMap<>(stored);
    body.remove("hash");
    byte[] digest = MessageDigest.getInstance("SHA-256")
        .digest(Json.canonical(body).getBytes(StandardCharsets.UTF_8));
    assertThat(stored.get("hash")).isEqualTo(HexFormat.of().formatHex(digest)).isEqualTo(record.hash());
    assertThat(Json.canonical(record.toJson())).isEqualTo(Json.canonical(stored));
  }

  @Test
  void theLogFileIsOwnerOnly() throws IOException {
    open().append("policy.changed", Map.of());
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file()))).isEqualTo("rw-------");
    }
  }

  @Test
  void changingOneByteOfAPayloadIsReportedAtThatSeq() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 5; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    replaceInLine(3, "plugin3", "plugiN3");

    VerifyReport report = log.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).isEqualTo(3);
    assertThat(report.records()).isEqualTo(5);
    assertThat(report.problem()).contains("record 3 was changed");
  }

  @Test
  void aRecordRewrittenWithAFreshHashBreaksTheLinkOfTheNextOne() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 5; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file()));
    Map<String, Object> forged = new LinkedHashMap<>(Json.object(lines.get(2)));
    forged.put("payload", Map.of("kind", "unloaded"));
    forged.remove("hash");
    forged.put("hash", AuditChain.sha256Hex(Json.canonical(forged)));
    lines.set(2, Json.string(forged));
    Files.write(file(), lines);

    VerifyReport report = log.verify();
    assertThat(report.firstBadSeq()).isEqualTo(4);
    assertThat(report.problem()).contains("does not link");
  }

  @Test
  void deletingALineReportsTheSeqGap() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 5; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(file()));
    lines.remove(2);
    Files.write(file(), lines);
    log.close();

    VerifyReport report = open().verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).isEqualTo(3);
    assertThat(report.records()).isEqualTo(4);
    assertThat(report.problem()).contains("record 3 is missing").contains("seq 4");
  }

  @Test
  void removingRecordsFromTheEndWhileOpenIsNoticed() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 5; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    Files.write(file(), Files.readAllLines(file()).subList(0, 3));

    VerifyReport report = log.verify();
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).isEqualTo(4);
  }

  @Test
  void aLineThatIsNotJsonIsReportedAtItsSeq() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 3; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    replaceInLine(2, "{", "[");

    VerifyReport report = log.verify();
    assertThat(report.firstBadSeq()).isEqualTo(2);
    assertThat(report.problem()).startsWith("line 2 ");
  }

  @Test
  void reopeningContinuesTheSeqAndTheChain() throws IOException {
    AuditLog first = open();
    first.append("plugin.lifecycle", lifecycle("installed", "echo"));
    first.append("plugin.lifecycle", lifecycle("loaded", "echo"));
    AuditRecord third = first.append("plugin.lifecycle", lifecycle("unloaded", "echo"));
    first.close();

    AuditLog second = open();
    AuditRecord fourth = second.append("plugin.lifecycle", lifecycle("loaded", "echo"));
    assertThat(fourth.seq()).isEqualTo(4);
    assertThat(fourth.prevHash()).isEqualTo(third.hash());
    assertThat(second.append("policy.changed", Map.of()).seq()).isEqualTo(5);
    assertThat(second.verify()).isEqualTo(new VerifyReport(true, 5, -1, ""));
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
  }

  @Test
  void aTornLastLineIsCutOffOnOpenAndReportedOnce() throws IOException {
    AuditLog first = open();
    for (int i = 1; i <= 3; i++) {
      first.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    first.close();
    long intact = Files.size(file());
    Files.write(file(), "{\"seq\":4,\"ts\":\"2026-01-0".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

    AuditLog second = open();
    assertThat(Files.size(file())).isEqualTo(intact);
    assertThat(err.toString(StandardCharsets.UTF_8).lines().toList())
        .singleElement().asString().contains("torn last record");
    assertThat(second.verify()).isEqualTo(new VerifyReport(true, 3, -1, ""));
    assertThat(second.append("policy.changed", Map.of()).seq()).isEqualTo(4);
    assertThat(second.verify().ok()).isTrue();
    second.close();

    open();
    assertThat(err.toString(StandardCharsets.UTF_8).lines()).hasSize(1);
  }

  @Test
  void aTornFirstLineLeavesAnEmptyLogThatStartsAtSeqOne() throws IOException {
    Files.write(file(), "{\"seq\":1,".getBytes(StandardCharsets.UTF_8));
    AuditLog log = open();
    assertThat(file()).isEmptyFile();
    AuditRecord first = log.append("policy.changed", Map.of());
    assertThat(first.seq()).isEqualTo(1);
    assertThat(first.prevHash()).isEqualTo(AuditChain.GENESIS);
  }

  @Test
  void anUnreadableLastLineDoesNotStopOpeningAndVerifyReportsIt() throws IOException {
    AuditLog first = open();
    first.append("policy.changed", Map.of());
    first.close();
    Files.write(file(), "garbage\n".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);

    AuditLog second = open();
    assertThat(second.append("policy.changed", Map.of()).seq()).isEqualTo(3);
    VerifyReport report = second.verify();
    assertThat(report.firstBadSeq()).isEqualTo(2);
    assertThat(report.records()).isEqualTo(3);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unreadable");
  }

  @Test
  void concurrentAppendsFromEightThreadsFormAConsecutiveVerifyingChain() throws Exception {
    AuditLog log = open();
    int threads = 8;
    int each = 100;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Long> seqs = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < each; i++) {
          seqs.add(log.append("plugin_tool.invoked", Map.of("thread", thread, "call", i)).seq());
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(seqs).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, threads * each).boxed().toList());
    assertThat(log.verify()).isEqualTo(new VerifyReport(true, threads * each, -1, ""));
    assertThat(log.forces()).isBetween(1L, (long) threads * each);
  }

  private AuditLog openInterval() throws IOException {
    AuditLog log = AuditLog.open(dir, AuditLog.Sync.interval, Clock.systemUTC(), new PrintStream(err, true, StandardCharsets.UTF_8));
    opened.add(log);
    return log;
  }

  /** A log whose forces fail from the moment {@code failing} is set, as a failing disk's would. */
  private AuditLog openOnFailingDisk(AuditLog.Sync sync, AtomicBoolean failing) throws IOException {
    AuditLog log = AuditLog.open(dir, sync, Clock.systemUTC(), new PrintStream(err, true, StandardCharsets.UTF_8), ch -> {
      if (failing.get()) {
        throw new IOException("Input/output error");
      }
      ch.force(false);
    });
    opened.add(log);
    return log;
  }

  @Test
  void intervalModeStopsTheLogWhenTheSyncerCannotForceAndLaterAppendsRefuse() throws Exception {
    AtomicBoolean failing = new AtomicBoolean();
    AuditLog log = openOnFailingDisk(AuditLog.Sync.interval, failing);
    log.append("plugin_tool.invoked", Map.of("call", 1));
    failing.set(true);
    // written, then acknowledged: the force that fails comes later, off this call's path
    assertThat(log.append("plugin_tool.invoked", Map.of("call", 2)).seq()).isEqualTo(2);
    AuditException refused = null;
    for (int waited = 0; refused == null && waited < 500; waited++) {
      Thread.sleep(10); // until the syncer's force has failed
      try {
        log.append("plugin_tool.invoked", Map.of("call", "later"));
      } catch (AuditException e) {
        refused = e;
      }
    }
    assertThat(refused).isNotNull().hasMessageContaining("stopped after an I/O failure; restart the gateway");
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("audit: cannot force").contains("may be lost on a power cut").contains("Input/output error");
    // what was written stays readable and verifies: a later restart continues from it
    assertThat(log.tail(10)).extracting(AuditRecord::seq).startsWith(1L, 2L);
    assertThat(log.verify().ok()).isTrue();
  }

  @Test
  void alwaysModeRefusesTheAppendWhoseForceFailsAndEveryAppendAfterIt() throws IOException {
    AtomicBoolean failing = new AtomicBoolean();
    AuditLog log = openOnFailingDisk(AuditLog.Sync.always, failing);
    assertThat(log.append("plugin_tool.invoked", Map.of("call", 1)).seq()).isEqualTo(1);
    failing.set(true);
    assertThatThrownBy(() -> log.append("plugin_tool.invoked", Map.of("call", 2)))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("may not be durable");
    failing.set(false); // a disk that answers again does not bring the log back: nothing since is known to be on it
    assertThatThrownBy(() -> log.append("plugin_tool.invoked", Map.of("call", 3)))
        .isInstanceOf(AuditException.class)
        .hasMessageContaining("stopped after an I/O failure");
  }

  @Test
  void intervalModeForcesWhatWasWrittenSoonAfterwardsWithoutTheCallerWaiting() throws Exception {
    AuditLog log = openInterval();
    assertThat(log.sync()).isEqualTo(AuditLog.Sync.interval);
    for (int i = 1; i <= 200; i++) {
      assertThat(log.append("plugin_tool.invoked", Map.of("call", i)).seq()).isEqualTo(i);
    }
    // the appends returned before any force; the syncer then forces them in a few batches
    for (int waited = 0; log.forces() == 0 && waited < 500; waited++) {
      Thread.sleep(10);
    }
    assertThat(log.forces()).isBetween(1L, 200L);
    assertThat(log.after(0, 1000)).hasSize(200);
    assertThat(log.verify()).isEqualTo(new VerifyReport(true, 200, -1, ""));
  }

  @Test
  void intervalModeRecordIsInTheFileAsSoonAsAppendReturnsSoAGatewayCrashLosesNothing() throws IOException {
    AuditLog log = openInterval();
    log.append("plugin_tool.invoked", Map.of("call", 1));
    log.append("plugin_tool.invoked", Map.of("call", 2));
    // a second reader sees what a restarted gateway would, while the first log is neither forced nor closed
    List<String> lines = Files.readAllLines(file());
    assertThat(lines).hasSize(2);
    assertThat(lines.get(1)).contains("\"call\":2");
  }

  @Test
  void intervalModeKeepsTheChainAcrossConcurrentAppendsAndAReopen() throws Exception {
    AuditLog log = openInterval();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        for (int i = 0; i < 100; i++) {
          log.append("plugin_tool.invoked", Map.of("thread", thread, "call", i));
        }
        return null;
      }));
    }
    for (Future<?> future : futures) {
      future.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(log.after(0, 1000)).extracting(AuditRecord::seq)
        .containsExactlyElementsOf(LongStream.rangeClosed(1, 400).boxed().toList());
    log.close();
    AuditLog reopened = openInterval();
    assertThat(reopened.append("policy.changed", Map.of()).seq()).isEqualTo(401);
    assertThat(reopened.verify()).isEqualTo(new VerifyReport(true, 401, -1, ""));
  }

  @Test
  void hashOfARecordWithEscapesUnicodeAndNumbersIsTheHashVerifyRecomputes() throws IOException {
    AuditLog log = open();
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("zeta", "quote \" backslash \\ tab \t nul \u0000 line\nend");
    payload.put("alpha", "caf\u00e9 \uD83D\uDE00 \u20ac");
    payload.put("numbers", List.of(1, -7L, 2.5, 1e21, 0.000001, Long.MAX_VALUE));
    payload.put("nested", Map.of("b", true, "a", Map.of()));
    payload.put("none", null);
    AuditRecord record = log.append("plugin_tool.invoked", payload);
    String canonicalBody = Json.canonical(AuditRecord.body(record.seq(), record.ts(), record.type(), record.payload(), record.prevHash()));
    assertThat(record.hash()).isEqualTo(AuditChain.sha256Hex(canonicalBody));
    assertThat(log.verify().ok()).isTrue();
    assertThat(log.tail(1).get(0)).isEqualTo(record);
  }

  @Test
  void unknownSyncModeIsRefusedWithTheModesThatExist() {
    assertThatThrownBy(() -> AuditLog.Sync.parse("sometimes"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'always' or 'interval'");
  }

  @Test
  void anInterruptedAppenderStillRecordsAndDoesNotCloseTheLogForOthers() throws IOException {
    AuditLog log = open();
    Thread.currentThread().interrupt();
    AuditRecord recorded;
    try {
      recorded = log.append("policy.changed", Map.of("n", 1));
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }
    assertThat(recorded.seq()).isEqualTo(1);
    assertThat(log.append("policy.changed", Map.of("n", 2)).seq()).isEqualTo(2);
    assertThat(log.verify().ok()).isTrue();
  }

  @Test
  void appendAfterCloseFailsClosed() throws IOException {
    AuditLog log = open();
    log.close();
    assertThatThrownBy(() -> log.append("policy.changed", Map.of())).isInstanceOf(AuditException.class);
  }

  @Test
  void appendRefusesTypesAndPayloadsItCannotRecordWithoutUsingASeq() throws IOException {
    AuditLog log = open();
    assertThatThrownBy(() -> log.append("Plugin Lifecycle", Map.of())).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.append("plugin..x", Map.of())).isInstanceOf(IllegalArgumentException.class);
    Object cycle = new Object() {
      public Object getSelf() {
        return this;
      }
    };
    assertThatThrownBy(() -> log.append("policy.changed", Map.of("x", cycle)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> log.append("policy.changed", Map.of("big", "x".repeat(AuditChain.MAX_LINE_BYTES))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(log.append("policy.changed", Map.of()).seq()).isEqualTo(1);
  }

  @Test
  @SuppressWarnings("unchecked")
  void theRecordHoldsThePayloadAsItReadsBackAndCannotBeChanged() throws IOException {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("count", 3L);
    payload.put("ratio", 0.5f);
    payload.put("tags", new ArrayList<>(List.of("a")));
    AuditRecord record = open().append("policy.changed", payload);

    assertThat(record.payload()).containsEntry("count", 3).containsEntry("ratio", 0.5);
    assertThatThrownBy(() -> record.payload().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<Object>) record.payload().get("tags")).add("b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void tailReturnsTheLastRecordsOldestFirst() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 10; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    assertThat(log.tail(3)).extracting(AuditRecord::seq).containsExactly(8L, 9L, 10L);
    assertThat(log.tail(100)).hasSize(10);
    assertThat(log.tail(0)).isEmpty();
  }

  @Test
  void tailReadsAcrossBlockBoundaries() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 40; i++) {
      log.append("policy.changed", Map.of("filler", ("r" + i + " ").repeat(1500)));
    }
    assertThat(Files.size(file())).isGreaterThan(3 * 64 * 1024);
    List<AuditRecord> tail = log.tail(30);
    assertThat(tail).extracting(AuditRecord::seq).containsExactlyElementsOf(LongStream.rangeClosed(11, 40).boxed().toList());
    assertThat((String) tail.get(0).payload().get("filler")).startsWith("r11 ");
  }

  @Test
  void afterServesDurableRecordsInSeqOrderAndSurvivesAReopen() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 5; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    assertThat(log.after(2, 10)).extracting(AuditRecord::seq).containsExactly(3L, 4L, 5L);
    assertThat(log.after(0, 2)).extracting(AuditRecord::seq).containsExactly(1L, 2L);
    assertThat(log.after(5, 10)).isEmpty();
    log.close();

    assertThat(open().after(3, 10)).extracting(AuditRecord::seq).containsExactly(4L, 5L);
  }

  @Test
  void verifyContinuesAfterTheLastSoundRecordSoAChangeBeforeItNeedsAFullCheck() throws IOException {
    AuditLog log = open();
    for (int i = 1; i <= 3; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "plugin" + i));
    }
    assertThat(log.verify(false)).isEqualTo(new VerifyReport(true, 3, -1, "", 1));
    log.append("plugin.lifecycle", lifecycle("loaded", "plugin4"));
    assertThat(log.verify(false)).isEqualTo(new VerifyReport(true, 4, -1, "", 4));
    assertThat(log.verify(false)).isEqualTo(new VerifyReport(true, 4, -1, "", 5));

    replaceInLine(2, "plugin2", "plugin9");

    assertThat(log.verify(false).ok()).isTrue();
    VerifyReport full = log.verify(true);
    assertThat(full.ok()).isFalse();
    assertThat(full.firstBadSeq()).isEqualTo(2);
    assertThat(full.full()).isTrue();
  }

  @Test
  void verifyChecksAppendedRecordsAgainstTheLastSoundOne() throws IOException {
    AuditLog log = open();
    log.append("plugin.lifecycle", lifecycle("loaded", "plugin1"));
    log.append("plugin.lifecycle", lifecycle("loaded", "plugin2"));
    log.verify(false);
    log.append("plugin.lifecycle", lifecycle("loaded", "plugin3"));

    replaceInLine(3, "plugin3", "plugin9");

    VerifyReport report = log.verify(false);
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadSeq()).isEqualTo(3);
    assertThat(report.fromSeq()).isEqualTo(3);
  }

  @Test
  void oldestKeptIsTheFirstRecordAfterServesOnceTheWindowMoved() throws IOException {
    AuditLog log = open();
    assertThat(log.oldestKept()).isEqualTo(1);
    for (int i = 1; i <= AuditLog.RECENT + 5; i++) {
      log.append("plugin.lifecycle", lifecycle("loaded", "p"));
    }
    assertThat(log.oldestKept()).isEqualTo(6);
    assertThat(log.after(0, 1)).extracting(AuditRecord::seq).containsExactly(6L);
  }

  private void replaceInLine(int lineNo, String from, String to) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(file()));
    String line = lines.get(lineNo - 1);
    assertThat(line).contains(from);
    lines.set(lineNo - 1, line.replaceFirst(java.util.regex.Pattern.quote(from), to));
    Files.write(file(), lines);
  }
}
