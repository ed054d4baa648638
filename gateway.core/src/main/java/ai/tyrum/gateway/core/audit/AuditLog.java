package ai.tyrum.gateway.core.audit;

import ai.tyrum.gateway.core.data.AtomicFiles;
import ai.tyrum.gateway.spi.AuditException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable, append-only, hash-chained audit log {@code audit.log} (DESIGN §8): one JSON line per
 * record, {@code {"seq","ts","type","payload","prev_hash","hash"}}.
 *
 * <p>Records are written in seq order under {@code writeLock}, so once {@link #append} returns, its
 * record is in the operating system's hands and survives any crash of the gateway. When it reaches
 * the disk depends on the {@link Sync} mode:
 *
 * <ul>
 *   <li>{@link Sync#always}: {@link #append} returns only once its record is forced to disk.
 *       Appenders share forces (group commit): whichever waiter finds no force in progress becomes
 *       the leader, forces everything written so far, and wakes every waiter it covered.
 *   <li>{@link Sync#interval}: a force follows every write within {@link #SYNC_INTERVAL_MS}, off the
 *       caller's path. A power cut or kernel crash can lose at most that window of records; a crash of
 *       the gateway loses none. This is the default (see docs/benchmarks.md for why): a force costs
 *       about 200-400 µs on a virtual disk, fifty times the rest of a tool call.
 * </ul>
 *
 * <p>A failed write or force stops the log: later appends refuse, fail closed.
 */
public final class AuditLog implements AuditTrail, Closeable {

  static final String FILE_NAME = "audit.log";
  /** How many durable records {@link #after} can serve from memory. */
  static final int RECENT = 1000;
  /** How often an appender tries {@code writeLock} before it parks. */
  private static final int LOCK_SPINS = 200;
  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  /** When a written record is forced to disk. */
  public enum Sync {
    /** Before {@link #append} returns (group commit). */
    always,
    /** Within {@link #SYNC_INTERVAL_MS} after {@link #append} returns. */
    interval;

    /** The mode named {@code name}, as the launcher's {@code --audit-sync} takes it. */
    public static Sync parse(String name) {
      for (Sync sync : values()) {
        if (sync.name().equals(name)) {
          return sync;
        }
      }
      throw new IllegalArgumentException("audit sync must be 'always' or 'interval', not '" + name + "'");
    }
  }

  /** The longest a written record waits for its force in {@link Sync#interval} mode. */
  public static final long SYNC_INTERVAL_MS = 10;

  private final Path file;
  private final Clock clock;
  /** Where the log reports what it repaired or why it stopped: stderr, unless a test listens. */
  private final PrintStream err;
  /** Forces the channel to disk; a test may make it fail, as a failing disk would. */
  private final ChannelAction forcer;
  private final Sync sync;
  /** Forces the log in {@link Sync#interval} mode; null in {@link Sync#always} mode. */
  private final ScheduledExecutorService syncer;
  private final AtomicBoolean syncScheduled = new AtomicBoolean();

  /** Replaced only when an interrupt closed it (see {@link #io}); guarded by {@code reopenLock}. */
  private volatile FileChannel channel;
  private final Object reopenLock = new Object();
  private volatile boolean closed;

  /** Serialises seq assignment, hashing and writing, so the file order is the seq order. */
  private final ReentrantLock writeLock = new ReentrantLock();
  private long nextSeq; // guarded by writeLock
  private String lastHash; // guarded by writeLock
  private long size; // guarded by writeLock: bytes of complete records
  private final MessageDigest digest = AuditChain.sha256(); // guarded by writeLock
  private long lastTsMillis = Long.MIN_VALUE; // guarded by writeLock
  private String lastTs = ""; // guarded by writeLock

  /** Group commit state, guarded by this monitor. */
  private final Object commit = new Object();
  private long written; // highest seq written to the file
  private long durable; // highest seq forced to disk
  private boolean forcing; // a leader is forcing right now
  private final ArrayDeque<AuditRecord> unforced = new ArrayDeque<>(); // written, not yet durable
  /** Set once a write or force failed in a way that leaves the file state unknown: appends refuse. */
  private volatile IOException failure;

  /** How many forces appends needed: fewer than records once group commit kicks in. */
  private final AtomicLong forces = new AtomicLong();

  /** Serialises checks of the chain, which continue from {@link #verified}. */
  private final Object verifyLock = new Object();
  /** Where the last sound check ended; guarded by {@code verifyLock}. */
  private AuditChain.Checkpoint verified = AuditChain.Checkpoint.START;

  /** The last {@link #RECENT} durable records in seq order; guarded by itself. */
  private final ArrayDeque<AuditRecord> recent = new ArrayDeque<>(RECENT);

  private AuditLog(Path file, Clock clock, FileChannel channel, Sync sync, PrintStream err, ChannelAction forcer) {
    this.file = file;
    this.err = err;
    this.forcer = forcer;
    this.clock = clock;
    this.channel = channel;
    this.sync = sync;
    this.syncer = sync == Sync.interval
        ? Executors.newSingleThreadScheduledExecutor(r -> {
          Thread thread = new Thread(r, "tyrum-audit-sync");
          thread.setDaemon(true);
          return thread;
        })
        : null;
  }

  /**
   * Opens (or creates) {@code audit.log} in {@code auditDir} and recovers where the chain continues.
   * A torn last line, left by a crash in the middle of a write, is cut off and reported on stderr;
   * other damage does not prevent opening ({@link #verify} reports it).
   */
  public static AuditLog open(Path auditDir, Sync sync) throws IOException {
    return open(auditDir, sync, Clock.systemUTC(), System.err);
  }

  static AuditLog open(Path auditDir, Clock clock, PrintStream err) throws IOException {
    return open(auditDir, Sync.always, clock, err);
  }

  static AuditLog open(Path auditDir, Sync sync, Clock clock, PrintStream err) throws IOException {
    return open(auditDir, sync, clock, err, ch -> ch.force(false));
  }

  static AuditLog open(Path auditDir, Sync sync, Clock clock, PrintStream err, ChannelAction forcer)
      throws IOException {
    Files.createDirectories(auditDir);
    Path file = auditDir.resolve(FILE_NAME).toAbsolutePath();
    boolean created = !Files.exists(file);
    FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE), ownerOnly());
    AuditLog log = new AuditLog(file, clock, channel, sync, err, forcer);
    try {
      if (created) {
        AtomicFiles.syncDirectory(auditDir);
      }
      log.recover();
    } catch (IOException | RuntimeException e) {
      log.close();
      throw e;
    }
    return log;
  }

  private void recover() throws IOException {
    long length = channel.size();
    ReverseLineReader reader = new ReverseLineReader(channel, length);
    if (length > 0 && !endsWithNewline(length)) {
      // A line without its newline was never acknowledged: append forces the newline with the record.
      reader.previous();
      long kept = reader.position();
      channel.truncate(kept);
      channel.force(true);
      err.println("audit: removed a torn last record (" + (length - kept) + " bytes) from " + file
          + ", left by a write that never finished");
      length = kept;
      reader = new ReverseLineReader(channel, length);
    }
    size = length;
    // Continue the chain from the last record that reads; unreadable lines after it keep their seqs.
    long unreadable = 0;
    List<AuditRecord> tail = new ArrayList<>();
    Optional<byte[]> line;
    while (tail.size() < RECENT && (line = reader.previous()).isPresent()) {
      Optional<AuditRecord> record = AuditChain.parse(line.get());
      if (record.isPresent()) {
        tail.add(record.get());
      } else if (tail.isEmpty()) {
        unreadable++;
      }
    }
    Collections.reverse(tail);
    AuditRecord last = tail.isEmpty() ? null : tail.get(tail.size() - 1);
    nextSeq = (last == null ? 0 : last.seq()) + unreadable + 1;
    lastHash = last == null ? AuditChain.GENESIS : last.hash();
    written = nextSeq - 1;
    durable = written;
    for (AuditRecord record : tail) {
      remember(record);
    }
    if (unreadable > 0) {
      err.println("audit: " + unreadable + " unreadable line(s) at the end of " + file
          + "; audit:verify reports them; new records continue at seq " + nextSeq);
    }
  }

  private boolean endsWithNewline(long length) throws IOException {
    ByteBuffer last = ByteBuffer.allocate(1);
    channel.read(last, length - 1);
    return last.get(0) == '\n';
  }

  /** When this log forces what it writes. */
  @Override
  public Sync sync() {
    return sync;
  }

  /**
   * Appends one record and returns it once it is written, and in {@link Sync#always} mode forced.
   *
   * @param type the event type, dotted snake_case such as {@code plugin.lifecycle}
   * @param payload JSON-shaped; stored as it reads back from JSON
   * @throws IllegalArgumentException if the type or payload cannot be recorded
   * @throws AuditException if the record could not be written, or in {@link Sync#always} mode forced
   */
  @Override
  public AuditRecord append(String type, Map<String, ?> payload) {
    // Everything that does not depend on the chain happens before the lock: appenders contend only
    // for the seq, the timestamp, one hash and one write.
    AuditChain.Entry entry = AuditChain.entry(type, payload);
    AuditRecord record;
    lockForWrite();
    try {
      if (closed) {
        throw new AuditException("audit log " + file + " is closed", null);
      }
      IOException failed = failure;
      if (failed != null) {
        throw new AuditException("audit log " + file + " stopped after an I/O failure; restart the gateway",
            failed);
      }
      long seq = nextSeq;
      String ts = timestamp();
      String hash = AuditChain.hash(digest, seq, ts, entry, lastHash);
      record = new AuditRecord(seq, ts, type, entry.payload(), lastHash, hash);
      byte[] line = AuditChain.line(seq, ts, entry, lastHash, hash);
      write(line, seq);
      size += line.length;
      nextSeq = seq + 1;
      lastHash = hash;
      if (sync == Sync.always) {
        synchronized (commit) {
          written = seq;
          unforced.addLast(record);
        }
      } else {
        synchronized (commit) {
          written = seq;
        }
        remember(record); // under writeLock: the ring stays in seq order
      }
    } finally {
      writeLock.unlock();
    }
    if (sync == Sync.always) {
      awaitDurable(record.seq());
    } else if (syncScheduled.compareAndSet(false, true)) {
      try {
        syncer.schedule(this::syncWritten, SYNC_INTERVAL_MS, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException closing) {
        // close() forces everything written
      }
    }
    return record;
  }

  /**
   * Takes {@code writeLock}, spinning briefly first: it is held for a hash and a write of a few
   * hundred bytes, far shorter than parking and waking a thread.
   */
  private void lockForWrite() {
    for (int spin = 0; spin < LOCK_SPINS; spin++) {
      if (writeLock.tryLock()) {
        return;
      }
      Thread.onSpinWait();
    }
    writeLock.lock();
  }

  /** The record's timestamp, formatted once per millisecond; callers hold {@code writeLock}. */
  private String timestamp() {
    long millis = clock.millis();
    if (millis != lastTsMillis) {
      lastTsMillis = millis;
      lastTs = TS.format(java.time.Instant.ofEpochMilli(millis));
    }
    return lastTs;
  }

  /** {@link Sync#interval} mode: forces everything written so far. */
  private void syncWritten() {
    syncScheduled.set(false); // a write after this point schedules the next force
    long target;
    synchronized (commit) {
      if (failure != null || closed) {
        return;
      }
      target = written;
      if (durable >= target) {
        return;
      }
    }
    Optional<IOException> failed = force();
    synchronized (commit) {
      if (failed.isEmpty()) {
        durable = Math.max(durable, target);
      } else if (failure == null && !closed) {
        IOException error = failed.get();
        // said first, so that whoever sees an append refused can already read why
        err.println("audit: cannot force " + file + " to disk, so records up to seq " + target
            + " may be lost on a power cut; the audit log refuses new records until the gateway restarts: " + error);
        failure = error;
      }
    }
  }

  private void write(byte[] line, long seq) {
    long at = size;
    try {
      // Positional writes are idempotent, so a write retried after an interrupt lands in the same place.
      io(ch -> {
        ByteBuffer buffer = ByteBuffer.wrap(line);
        long position = at;
        while (buffer.hasRemaining()) {
          position += ch.write(buffer, position);
        }
      });
    } catch (IOException e) {
      // A partial line would corrupt every record after it: cut it off, or stop appending.
      try {
        io(ch -> {
          if (ch.size() > at) {
            ch.truncate(at);
          }
        });
      } catch (IOException truncation) {
        e.addSuppressed(truncation);
        stop(e);
      }
      throw new AuditException("cannot write audit record " + seq + " to " + file, e);
    }
  }

  /** Forces everything written so far; the failure, if it did not succeed. */
  private Optional<IOException> force() {
    forces.incrementAndGet();
    try {
      io(forcer);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(e);
    }
  }

  private void awaitDurable(long seq) {
    boolean interrupted = false;
    try {
      while (true) {
        long target;
        synchronized (commit) {
          while (true) {
            if (durable >= seq) {
              return;
            }
            if (failure != null) {
              throw new AuditException("audit record " + seq + " may not be durable in " + file, failure);
            }
            if (!forcing) {
              forcing = true;
              target = written;
              break;
            }
            try {
              commit.wait();
            } catch (InterruptedException e) {
              // The record is already in the file; leaving now would report it as not written.
              interrupted = true;
            }
          }
        }
        Optional<IOException> failed = force();
        synchronized (commit) {
          forcing = false;
          if (failed.isEmpty()) {
            durable = Math.max(durable, target);
            publish(target);
          } else if (failure == null) {
            // After a failed fsync the kernel may have dropped the dirty pages: nothing since the last
            // good force is known to be on disk, and no later force can tell. Stop, fail closed.
            failure = failed.get();
          }
          commit.notifyAll();
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  long forces() {
    return forces.get();
  }

  /** Moves newly durable records into the recent ring; callers hold {@code commit}. */
  private void publish(long upTo) {
    while (!unforced.isEmpty() && unforced.peekFirst().seq() <= upTo) {
      remember(unforced.pollFirst());
    }
  }

  private void remember(AuditRecord record) {
    synchronized (recent) {
      if (!recent.isEmpty() && recent.peekLast().seq() >= record.seq()) {
        return; // a damaged log may repeat seqs; the ring stays strictly ordered
      }
      if (recent.size() == RECENT) {
        recent.removeFirst();
      }
      recent.addLast(record);
    }
  }

  private void stop(IOException cause) {
    synchronized (commit) {
      if (failure == null) {
        failure = cause;
      }
      commit.notifyAll();
    }
  }

  /** The last {@code n} records that read, oldest first. */
  @Override
  public List<AuditRecord> tail(int n) {
    if (n <= 0) {
      return List.of();
    }
    long end = snapshot().size();
    List<AuditRecord> records = new ArrayList<>(Math.min(n, 1024));
    // A channel of its own: an interrupt of a reader must not close the channel appends use.
    try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
      ReverseLineReader lines = new ReverseLineReader(reader, end);
      Optional<byte[]> line;
      while (records.size() < n && (line = lines.previous()).isPresent()) {
        AuditChain.parse(line.get()).ifPresent(records::add);
      }
    } catch (IOException e) {
      throw new AuditException("cannot read audit log " + file, e);
    }
    Collections.reverse(records);
    return Collections.unmodifiableList(records);
  }

  /**
   * Appended records with a seq greater than {@code seq}, oldest first, at most {@code limit}; served
   * from memory, which holds the last {@value #RECENT}. Records reach it in seq order once their
   * append returns (in {@link Sync#always} mode, once forced), so a poller that continues after the
   * last seq it saw never skips one.
   */
  @Override
  public List<AuditRecord> after(long seq, int limit) {
    List<AuditRecord> records = new ArrayList<>();
    if (limit <= 0) {
      return records;
    }
    synchronized (recent) {
      for (AuditRecord record : recent) {
        if (record.seq() > seq) {
          records.add(record);
          if (records.size() == limit) {
            break;
          }
        }
      }
    }
    return Collections.unmodifiableList(records);
  }

  /** The lowest seq {@link #after} can still serve: the oldest record kept in memory, or the next seq when none is. */
  @Override
  public long oldestKept() {
    synchronized (recent) {
      if (!recent.isEmpty()) {
        return recent.peekFirst().seq();
      }
    }
    writeLock.lock();
    try {
      return nextSeq;
    } finally {
      writeLock.unlock();
    }
  }

  /**
   * Checks the chain: that every line parses, seqs run 1, 2, 3, ..., every {@code prev_hash} is the
   * hash of the record before, and every hash recomputes; also notices records removed from the end
   * while the log was open.
   *
   * <p>Unless {@code full}, the check continues after the last record an earlier check of this log
   * found sound, so that a check costs what was appended since, not the whole file: a change to
   * records checked before is then found only by a full check (the first check after opening is always
   * full). A log shorter than the point reached is checked in full.
   */
  @Override
  public VerifyReport verify(boolean full) {
    synchronized (verifyLock) {
      Snapshot snapshot = snapshot();
      AuditChain.Checkpoint from = full || verified.bytes() > snapshot.size() ? AuditChain.Checkpoint.START : verified;
      AuditChain.Check check = new AuditChain.Check(from);
      ByteArrayOutputStream line = new ByteArrayOutputStream(512);
      long lineEnd = from.bytes();
      try (FileChannel reader = FileChannel.open(file, StandardOpenOption.READ)) {
        ByteBuffer block = ByteBuffer.allocate(64 * 1024);
        long position = from.bytes();
        while (position < snapshot.size()) {
          block.clear();
          block.limit((int) Math.min(block.capacity(), snapshot.size() - position));
          int read = reader.read(block, position);
          if (read < 0) {
            break; // shorter than what was written: the report says what is missing
          }
          byte[] bytes = block.array();
          int start = 0;
          for (int i = 0; i < read; i++) {
            if (bytes[i] != '\n') {
              continue;
            }
            line.write(bytes, start, i - start);
            start = i + 1;
            check.line(line.toByteArray());
            line.reset();
            lineEnd = position + i + 1;
          }
          line.write(bytes, start, read - start);
          position += read;
        }
      } catch (IOException e) {
        return check.unreadable("cannot read " + file + ": " + e);
      }
      VerifyReport report = check.report(line.size() > 0, snapshot.lastSeq(), snapshot.lastHash());
      if (report.ok()) {
        verified = check.checkpoint(lineEnd);
      }
      return report;
    }
  }

  /** Forces what was written, then closes; appends after this throw {@link AuditException}. */
  @Override
  public void close() {
    if (syncer != null) {
      syncer.shutdownNow();
    }
    writeLock.lock(); // no record is half-written while the log closes
    try {
      if (closed) {
        return;
      }
      IOException error = null;
      try {
        io(forcer);
      } catch (IOException e) {
        error = e;
      }
      synchronized (commit) {
        if (error == null) {
          durable = Math.max(durable, written);
          publish(written);
        } else if (failure == null) {
          failure = error;
        }
        commit.notifyAll();
      }
      synchronized (reopenLock) {
        closed = true;
        try {
          channel.close();
        } catch (IOException ignored) {
          // Everything that could be forced was; nothing is left to save.
        }
      }
    } finally {
      writeLock.unlock();
    }
  }

  /** Where the log stands: verify and tail read up to {@code size}, never into a write in progress. */
  private record Snapshot(long size, long lastSeq, String lastHash) {}

  private Snapshot snapshot() {
    writeLock.lock();
    try {
      return new Snapshot(size, nextSeq - 1, lastHash);
    } finally {
      writeLock.unlock();
    }
  }

  interface ChannelAction {
    void run(FileChannel channel) throws IOException;
  }

  /**
   * Runs one channel operation so that interrupts cannot take the log down: a FileChannel closes
   * itself when a thread doing I/O on it is interrupted, which would fail every later append. The
   * interrupt is held back during the operation and restored after; should the channel still get
   * closed under us, it is reopened and the (idempotent) operation retried.
   */
  private void io(ChannelAction action) throws IOException {
    boolean interrupted = Thread.interrupted();
    try {
      for (int attempt = 1; ; attempt++) {
        FileChannel current = channel;
        try {
          action.run(current);
          return;
        } catch (ClosedChannelException e) {
          if (closed || attempt == 3) {
            throw e;
          }
          if (e instanceof ClosedByInterruptException) {
            interrupted |= Thread.interrupted();
          }
          reopen(current);
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void reopen(FileChannel broken) throws IOException {
    synchronized (reopenLock) {
      if (channel == broken && !closed) {
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      }
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }
}
