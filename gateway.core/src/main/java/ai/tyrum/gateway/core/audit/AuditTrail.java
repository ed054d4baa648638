package ai.tyrum.gateway.core.audit;

import ai.tyrum.gateway.spi.AuditException;
import java.util.List;
import java.util.Map;

/** The gateway's durable, hash-chained record of events (DESIGN §8): appended to, read back, checked. */
public interface AuditTrail {

  /**
   * Appends a record and returns it once written (and, in {@code always} mode, forced to disk).
   *
   * @throws IllegalArgumentException if the type is not dotted snake_case or the payload is not JSON
   * @throws AuditException if the record could not be written or forced
   */
  AuditRecord append(String type, Map<String, ?> payload);

  /** The last {@code n} records, oldest first. */
  List<AuditRecord> tail(int n);

  /**
   * Checks the chain: in full, or ({@code full} false) from after the last record an earlier check
   * found sound, so that a check costs only what was appended since.
   */
  VerifyReport verify(boolean full);

  /** Checks what was appended since the last sound check (the whole chain the first time). */
  default VerifyReport verify() {
    return verify(false);
  }

  /** Appended records after {@code seq}, oldest first, at most {@code limit}, from the last ones kept in memory. */
  List<AuditRecord> after(long seq, int limit);

  /**
   * The lowest seq {@link #after} can still serve: records before it were appended but are no longer
   * kept in memory.
   */
  long oldestKept();

  /** When records reach the disk, as {@code gateway:status} and {@code /status} show it. */
  AuditLog.Sync sync();
}
