package ai.tyrum.gateway.core.audit;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One line of the audit log (DESIGN §8). {@code hash} is the SHA-256 of the canonical JSON of every
 * other field, so it covers {@code prev_hash} and thereby the whole chain before it.
 *
 * @param payload an immutable JSON-shaped map, exactly as it reads back from the log
 */
public record AuditRecord(
    long seq, String ts, String type, Map<String, Object> payload, String prevHash, String hash) {

  public AuditRecord {
    Objects.requireNonNull(ts, "ts");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(prevHash, "prevHash");
    Objects.requireNonNull(hash, "hash");
    payload = freezeObject(Objects.requireNonNull(payload, "payload"));
  }

  /** The record as it is stored: {@code {"seq","ts","type","payload","prev_hash","hash"}}. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = body(seq, ts, type, payload, prevHash);
    json.put("hash", hash);
    return Collections.unmodifiableMap(json);
  }

  /** The fields the hash covers, in the order they are stored. */
  static Map<String, Object> body(
      long seq, String ts, String type, Map<String, Object> payload, String prevHash) {
    Map<String, Object> json = new LinkedHashMap<>(8);
    json.put("seq", seq);
    json.put("ts", ts);
    json.put("type", type);
    json.put("payload", payload);
    json.put("prev_hash", prevHash);
    return json;
  }

  /**
   * Reads a stored record, strictly: every field present with its JSON type.
   *
   * @throws IllegalArgumentException naming the first field that is missing or has the wrong type
   */
  @SuppressWarnings("unchecked")
  static AuditRecord fromJson(Map<String, Object> json) {
    Object seq = json.get("seq");
    if (!(seq instanceof Integer || seq instanceof Long)) {
      throw new IllegalArgumentException("seq is not an integer");
    }
    Object payload = json.get("payload");
    if (!(payload instanceof Map)) {
      throw new IllegalArgumentException("payload is not an object");
    }
    return new AuditRecord(
        ((Number) seq).longValue(),
        text(json, "ts"),
        text(json, "type"),
        (Map<String, Object>) payload,
        text(json, "prev_hash"),
        text(json, "hash"));
  }

  private static String text(Map<String, Object> json, String field) {
    if (json.get(field) instanceof String value) {
      return value;
    }
    throw new IllegalArgumentException(field + " is not a string");
  }

  /**
   * Freezes a payload that nobody else holds, such as the value {@code Json.canonicalForm} reads back,
   * in place: its maps and lists are wrapped, not copied. The caller must drop every other reference.
   */
  static Map<String, Object> adopt(Map<String, Object> fresh) {
    fresh.replaceAll((key, value) -> adoptValue(value));
    return new Frozen(Collections.unmodifiableMap(fresh));
  }

  @SuppressWarnings("unchecked")
  private static Object adoptValue(Object value) {
    if (value instanceof Frozen) {
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      return adopt((Map<String, Object>) map);
    }
    if (value instanceof List<?> list) {
      ((List<Object>) list).replaceAll(AuditRecord::adoptValue);
      return Collections.unmodifiableList(list);
    }
    return value;
  }

  private static Map<String, Object> freezeObject(Map<String, ?> object) {
    if (object instanceof Frozen frozen) {
      return frozen;
    }
    Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, object.size() * 2));
    object.forEach((key, value) -> copy.put(key, freeze(value)));
    return new Frozen(Collections.unmodifiableMap(copy));
  }

  @SuppressWarnings("unchecked")
  private static Object freeze(Object value) {
    if (value instanceof Map<?, ?> map) {
      return freezeObject((Map<String, ?>) map);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(element -> copy.add(freeze(element)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /** A deeply immutable object in key order; marks a payload that needs no second copy. */
  private static final class Frozen extends AbstractMap<String, Object> {
    private final Map<String, Object> entries;

    Frozen(Map<String, Object> entries) {
      this.entries = entries;
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
      return entries.entrySet();
    }

    @Override
    public Object get(Object key) {
      return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return entries.containsKey(key);
    }

    @Override
    public int size() {
      return entries.size();
    }
  }
}
