package ai.tyrum.gateway.core.audit;

import ai.tyrum.gateway.lib.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;

/**
 * The audit chain as data, without a file (DESIGN §8): the stored line of a record
 * ({@code {"seq","ts","type","payload","prev_hash","hash"}}), the SHA-256 that links it to the record
 * before, and the check of stored lines against the chain. {@link AuditLog} keeps the file and decides
 * when lines reach the disk.
 */
final class AuditChain {

  /** {@code prev_hash} of the first record. */
  static final String GENESIS = "0".repeat(64);
  /** A sanity cap: records carry facts about an event, never raw payloads (DESIGN §4 step 6). */
  static final int MAX_LINE_BYTES = 1024 * 1024;

  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
  /** Types already checked against {@link #TYPE}: the gateway records a handful, each on every call. */
  private static final Set<String> KNOWN_TYPES = ConcurrentHashMap.newKeySet();
  private static final int MAX_KNOWN_TYPES = 256;

  private AuditChain() {}

  /** An event made ready to chain: its type, its payload's canonical JSON, and the value that reads back as. */
  record Entry(String type, byte[] canonicalPayload, Map<String, Object> payload) {}

  /**
   * Checks and encodes an event, the work of an append that does not depend on the chain.
   *
   * @throws IllegalArgumentException if the type is not dotted snake_case or the payload is not JSON
   *     or too large
   */
  static Entry entry(String type, Map<String, ?> payload) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(payload, "payload");
    if (!KNOWN_TYPES.contains(type)) {
      if (type.length() > 128 || !TYPE.matcher(type).matches()) {
        throw new IllegalArgumentException("audit type must be dotted snake_case: " + type);
      }
      if (KNOWN_TYPES.size() < MAX_KNOWN_TYPES) {
        KNOWN_TYPES.add(type);
      }
    }
    byte[] canonicalPayload;
    Map<String, Object> stored;
    try {
      // the record holds the payload as verify and tail will read it back, the hash covers its text
      Json.Canonical form = Json.canonicalForm(payload);
      canonicalPayload = form.text().getBytes(StandardCharsets.UTF_8);
      @SuppressWarnings("unchecked")
      Map<String, Object> read = (Map<String, Object>) form.value();
      stored = AuditRecord.adopt(read); // frozen here, and never copied again
    } catch (JacksonException | IllegalArgumentException e) {
      throw new IllegalArgumentException("audit payload is not JSON-shaped: " + e.getMessage(), e);
    }
    if (canonicalPayload.length > MAX_LINE_BYTES - 512) {
      throw new IllegalArgumentException("audit record of " + canonicalPayload.length
          + " payload bytes exceeds " + MAX_LINE_BYTES + "; record facts, not data");
    }
    return new Entry(type, canonicalPayload, stored);
  }

  /**
   * SHA-256 of the record's canonical JSON (RFC 8785) without {@code hash}, assembled from the
   * canonical payload: the keys sort as payload, prev_hash, seq, ts, type, and the other values need
   * no escaping (a dotted snake_case type, a fixed-form timestamp, a hex hash). Equal to what
   * {@link Check} recomputes from the stored line. {@code digest} is the caller's, reused.
   */
  static String hash(MessageDigest digest, long seq, String ts, Entry entry, String prevHash) {
    digest.reset();
    digest.update(ascii("{\"payload\":"));
    digest.update(entry.canonicalPayload());
    digest.update(ascii(",\"prev_hash\":\"" + prevHash + "\",\"seq\":" + seq + ",\"ts\":\"" + ts
        + "\",\"type\":\"" + entry.type() + "\"}"));
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The stored line of a record, newline included. */
  static byte[] line(long seq, String ts, Entry entry, String prevHash, String hash) {
    byte[] head = ascii("{\"seq\":" + seq + ",\"ts\":\"" + ts + "\",\"type\":\"" + entry.type() + "\",\"payload\":");
    byte[] tail = ascii(",\"prev_hash\":\"" + prevHash + "\",\"hash\":\"" + hash + "\"}\n");
    byte[] payload = entry.canonicalPayload();
    byte[] line = new byte[head.length + payload.length + tail.length];
    System.arraycopy(head, 0, line, 0, head.length);
    System.arraycopy(payload, 0, line, head.length, payload.length);
    System.arraycopy(tail, 0, line, head.length + payload.length, tail.length);
    return line;
  }

  /** The record a stored line holds, if it reads as one (its hash unchecked). */
  static Optional<AuditRecord> parse(byte[] line) {
    try {
      return Optional.of(AuditRecord.fromJson(Json.object(line)));
    } catch (JacksonException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** SHA-256 (hex) of {@code text} in UTF-8: a record's hash over its canonical JSON without {@code hash}. */
  static String sha256Hex(String text) {
    return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * A point up to which the chain was found sound: the first {@code bytes} of the log hold
   * {@code records} records, seqs 1 to {@code records}, the last with hash {@code lastHash}.
   */
  record Checkpoint(long bytes, long records, String lastHash) {
    static final Checkpoint START = new Checkpoint(0, 0, GENESIS);
  }

  /**
   * Checks stored lines one after another from the first, or from a {@link Checkpoint}: each parses, seqs run 1, 2, 3, ..., every
   * {@code prev_hash} is the hash of the record before, and every hash recomputes. The first fault is
   * the one reported.
   */
  static final class Check {

    private long records;
    private long expected;
    private String previous;
    private final long fromSeq;
    private long badSeq = -1;
    private String problem = "";

    /** A check from the first record. */
    Check() {
      this(Checkpoint.START);
    }

    /** A check that continues after the sound records {@code from} stands for. */
    Check(Checkpoint from) {
      records = from.records();
      expected = from.records() + 1;
      previous = from.lastHash();
      fromSeq = expected;
    }

    /** Where the chain stands after the lines read so far, which must all be sound, ending at byte {@code end}. */
    Checkpoint checkpoint(long end) {
      if (badSeq >= 0) {
        throw new IllegalStateException("the chain is broken at seq " + badSeq + ": there is no sound point past it");
      }
      return new Checkpoint(end, records, previous);
    }

    /** The next line, without its newline. */
    void line(byte[] bytes) {
      records++;
      if (badSeq >= 0) {
        return;
      }
      String fault = fault(bytes);
      if (fault.isEmpty()) {
        expected++;
      } else {
        badSeq = expected;
        problem = fault;
      }
    }

    /**
     * The verdict once every line was read: {@code cutOff} when bytes followed the last newline, and
     * the last seq and hash the writer appended, which the chain must end with.
     */
    VerifyReport report(boolean cutOff, long lastSeq, String lastHash) {
      if (badSeq < 0 && cutOff) {
        badSeq = expected;
        problem = "line " + (records + 1) + " is cut off: it has no newline";
      } else if (badSeq < 0 && expected - 1 < lastSeq) {
        badSeq = expected;
        problem = "the log ends at seq " + (expected - 1) + " but seq " + lastSeq
            + " was appended: records were removed from its end";
      } else if (badSeq < 0 && !previous.equals(lastHash)) {
        badSeq = expected - 1;
        problem = "record " + badSeq + " is not the record this gateway appended: the end of the log was replaced";
      }
      return badSeq < 0
          ? new VerifyReport(true, records, -1, "", fromSeq)
          : new VerifyReport(false, records, badSeq, problem, fromSeq);
    }

    /** The verdict when the lines could not all be read. */
    VerifyReport unreadable(String why) {
      return new VerifyReport(false, records, badSeq < 0 ? expected : badSeq, why, fromSeq);
    }

    /** Why the line is not the next sound link of the chain; empty when it is (and it becomes the last). */
    private String fault(byte[] bytes) {
      long lineNo = records;
      Map<String, Object> json;
      AuditRecord record;
      try {
        json = Json.object(bytes);
        record = AuditRecord.fromJson(json);
      } catch (JacksonException e) {
        return "line " + lineNo + " is not JSON: " + e.getOriginalMessage();
      } catch (IllegalArgumentException e) {
        return "line " + lineNo + " is not an audit record: " + e.getMessage();
      }
      if (record.seq() > expected) {
        return "record " + expected + " is missing: line " + lineNo + " holds seq " + record.seq();
      }
      if (record.seq() < expected) {
        return "line " + lineNo + " repeats seq " + record.seq() + " where " + expected + " belongs";
      }
      if (!record.prevHash().equals(previous)) {
        return "record " + expected + " does not link to the record before it (prev_hash differs)";
      }
      Map<String, Object> body = new LinkedHashMap<>(json);
      body.remove("hash");
      String recomputed;
      try {
        recomputed = sha256Hex(Json.canonical(body));
      } catch (IllegalArgumentException e) {
        return "record " + expected + " cannot be hashed: " + e.getMessage();
      }
      if (!recomputed.equals(record.hash())) {
        return "record " + expected + " was changed: its hash does not match its content";
      }
      previous = record.hash();
      return "";
    }
  }
}
