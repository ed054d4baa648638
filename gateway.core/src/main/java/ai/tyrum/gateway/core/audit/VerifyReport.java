package ai.tyrum.gateway.core.audit;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link AuditLog#verify()} found.
 *
 * @param ok whether every record parses, seqs are consecutive from 1, each links to the one before and
 *     each hash recomputes
 * @param records how many lines the log holds
 * @param firstBadSeq the seq at which the chain first breaks, or -1 if {@code ok}
 * @param problem what is wrong there, or "" if {@code ok}
 */
public record VerifyReport(boolean ok, long records, long firstBadSeq, String problem) {

  static VerifyReport intact(long records) {
    return new VerifyReport(true, records, -1, "");
  }

  static VerifyReport broken(long records, long seq, String problem) {
    return new VerifyReport(false, records, seq, problem);
  }

  /** {@code {"ok","records","first_bad_seq","problem"}}, for {@code --json} and the HTTP API. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>(8);
    json.put("ok", ok);
    json.put("records", records);
    json.put("first_bad_seq", firstBadSeq);
    json.put("problem", problem);
    return json;
  }
}
