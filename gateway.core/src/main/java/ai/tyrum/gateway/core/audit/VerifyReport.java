package ai.tyrum.gateway.core.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link AuditLog#verify(boolean)} found.
 *
 * @param ok whether every record parses, seqs are consecutive from 1, each links to the one before and
 *     each hash recomputes
 * @param records how many lines the log holds
 * @param firstBadSeq the seq at which the chain first breaks, or -1 if {@code ok}
 * @param problem what is wrong there, or "" if {@code ok}
 * @param fromSeq the first seq this check read: 1 for a full check, else the record after the last one
 *     an earlier check found sound (the records before it were checked then, and are trusted now)
 */
public record VerifyReport(boolean ok, long records, long firstBadSeq, String problem, long fromSeq) {

  /** A report of a check from the first record. */
  public VerifyReport(boolean ok, long records, long firstBadSeq, String problem) {
    this(ok, records, firstBadSeq, problem, 1);
  }

  /** Whether this check read the whole log. */
  public boolean full() {
    return fromSeq == 1;
  }

  /** {@code {"ok","records","first_bad_seq","problem","from_seq","full"}}, for {@code --json} and the HTTP API. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>(8);
    json.put("ok", ok);
    json.put("records", records);
    json.put("first_bad_seq", firstBadSeq);
    json.put("problem", problem);
    json.put("from_seq", fromSeq);
    json.put("full", full());
    return json;
  }
}
