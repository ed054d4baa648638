package ai.tyrum.gateway.marketplace.lock;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.marketplace.lock.Locked.Held;
import ai.tyrum.gateway.spi.LockEntry;
import ai.tyrum.gateway.spi.LockEntry.Approver;
import ai.tyrum.gateway.spi.PluginOrigin;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code plugins.lock.json}, format {@value #FORMAT} (DESIGN section 5): one object per plugin id,
 * read strictly (a field of the wrong type, an unknown format or a malformed digest is an error naming
 * its JSON pointer), written in a stable order so that the file diffs well.
 */
public final class LockfileFormat {

  public static final String FORMAT = "tyrum.plugins.lock.v1";
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

  private LockfileFormat() {}

  /** The file's bytes for {@code plugins}. */
  public static byte[] write(Map<String, Locked> plugins) {
    return write(plugins, LockfileFormat::entryText);
  }

  /**
   * The file's bytes for {@code plugins}, made of each entry's text as {@link #entryText} gives it, which a
   * caller may keep between writes: the file is rewritten whole at every change, and serialising a thousand
   * unchanged entries again made each install into a large gateway wait on the others. The bytes are those
   * of Jackson's default pretty printer for the whole document.
   */
  static byte[] write(Map<String, Locked> plugins, Function<Locked, String> entryText) {
    StringBuilder out = new StringBuilder("{\n  \"format\" : ").append(Json.string(FORMAT)).append(",\n  \"plugins\" : ");
    if (plugins.isEmpty()) {
      out.append("{ }");
    } else {
      out.append("{\n");
      String separator = "";
      for (Map.Entry<String, Locked> plugin : new TreeMap<>(plugins).entrySet()) {
        out.append(separator).append("    ").append(Json.string(plugin.getKey())).append(" : ")
            .append(entryText.apply(plugin.getValue()).replace("\n", "\n    "));
        separator = ",\n";
      }
      out.append("\n  }");
    }
    return out.append("\n}\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One entry's text, pretty-printed as if it stood alone. */
  static String entryText(Locked locked) {
    try {
      return Json.PRETTY.writeValueAsString(toJson(locked));
    } catch (RuntimeException e) {
      throw new IllegalStateException("cannot write the lockfile", e);
    }
  }

  private static Map<String, Object> toJson(Locked locked) {
    Map<String, Object> json = entryJson(locked.entry());
    json.put("location", locked.location());
    json.put("requested", locked.requested());
    locked.previous().ifPresent(p -> json.put("previous", entryJson(p)));
    locked.held().ifPresent(h -> {
      Map<String, Object> held = new LinkedHashMap<>();
      held.put("entry", entryJson(h.entry()));
      held.put("requested", h.requested());
      held.put("approval", h.approvalId());
      held.put("difference", h.difference());
      json.put("held", held);
    });
    return json;
  }

  private static Map<String, Object> entryJson(LockEntry entry) {
    Map<String, Object> json = entry.toJson();
    json.remove("id");
    return json;
  }

  /**
   * Reads the file's bytes.
   *
   * @throws LockfileException {@code lockfile_invalid} naming the pointer of the first fault
   */
  public static Map<String, Locked> read(byte[] bytes) {
    Map<String, Object> json;
    try {
      json = Json.object(bytes);
    } catch (RuntimeException e) {
      throw invalid("", "it is not a JSON object: " + firstLine(e.getMessage()));
    }
    if (!FORMAT.equals(json.get("format"))) {
      throw invalid("/format", "expected \"" + FORMAT + "\", found " + Json.string(json.get("format")));
    }
    Map<String, Object> plugins = object(json.get("plugins"), "/plugins");
    Map<String, Locked> read = new TreeMap<>();
    for (Map.Entry<String, Object> plugin : plugins.entrySet()) {
      String pointer = "/plugins/" + plugin.getKey();
      Map<String, Object> fields = object(plugin.getValue(), pointer);
      LockEntry entry = entry(plugin.getKey(), fields, pointer);
      String location = string(fields, "location", pointer);
      Optional<LockEntry> previous = fields.containsKey("previous")
          ? Optional.of(entry(plugin.getKey(), object(fields.get("previous"), pointer + "/previous"), pointer + "/previous"))
          : Optional.empty();
      Optional<Held> held = Optional.empty();
      if (fields.containsKey("held")) {
        Map<String, Object> h = object(fields.get("held"), pointer + "/held");
        held = Optional.of(new Held(
            entry(plugin.getKey(), object(h.get("entry"), pointer + "/held/entry"), pointer + "/held/entry"),
            reasons(h.get("requested"), pointer + "/held/requested"),
            string(h, "approval", pointer + "/held"),
            object(h.get("difference"), pointer + "/held/difference")));
      }
      read.put(plugin.getKey(), new Locked(entry, location, reasons(fields.get("requested"), pointer + "/requested"), previous, held));
    }
    return read;
  }

  private static LockEntry entry(String id, Map<String, Object> fields, String pointer) {
    String sha256 = string(fields, "integrity_sha256", pointer);
    if (!SHA256.matcher(sha256).matches()) {
      throw invalid(pointer + "/integrity_sha256", "expected 64 lower-case hex digits");
    }
    LockEntry.State state;
    try {
      state = LockEntry.State.valueOf(string(fields, "state", pointer));
    } catch (IllegalArgumentException e) {
      throw invalid(pointer + "/state", "expected one of pending_approval, enabled, disabled, revoked");
    }
    Map<String, Object> source = object(fields.get("source"), pointer + "/source");
    PluginOrigin origin = new PluginOrigin(
        string(source, "kind", pointer + "/source"),
        string(source, "location", pointer + "/source"),
        source.containsKey("key_id") ? string(source, "key_id", pointer + "/source") : "");
    Map<String, String> contracts = new TreeMap<>();
    object(fields.get("contracts"), pointer + "/contracts").forEach((tool, hash) -> {
      if (!(hash instanceof String h) || !SHA256.matcher(h).matches()) {
        throw invalid(pointer + "/contracts/" + tool, "expected 64 lower-case hex digits");
      }
      contracts.put(tool, h);
    });
    List<Approver> approvers = new ArrayList<>();
    List<Object> approvedBy = list(fields.get("approved_by"), pointer + "/approved_by");
    for (int i = 0; i < approvedBy.size(); i++) {
      Map<String, Object> a = object(approvedBy.get(i), pointer + "/approved_by/" + i);
      approvers.add(new Approver(string(a, "actor", pointer), instant(a, "at", pointer + "/approved_by/" + i), string(a, "what", pointer)));
    }
    // written since MCP tools were pinned; an entry from before has none
    Map<String, String> mcpTools = new TreeMap<>();
    if (fields.containsKey("mcp_tools")) {
      object(fields.get("mcp_tools"), pointer + "/mcp_tools").forEach((tool, hash) -> {
        if (!McpPins.validKey(tool)) {
          throw invalid(pointer + "/mcp_tools/" + escape(tool), "expected a key <server>/<tool>");
        }
        if (!(hash instanceof String h) || !SHA256.matcher(h).matches()) {
          throw invalid(pointer + "/mcp_tools/" + escape(tool), "expected 64 lower-case hex digits");
        }
        mcpTools.put(tool, h);
      });
    }
    if (!(fields.get("size") instanceof Number size) || size.longValue() < 0) {
      throw invalid(pointer + "/size", "expected a byte count");
    }
    return new LockEntry(
        id,
        string(fields, "version", pointer),
        string(fields, "bundle", pointer),
        state,
        origin,
        sha256,
        ((Number) fields.get("size")).longValue(),
        strings(fields.get("granted"), pointer + "/granted"),
        contracts,
        approvers,
        instant(fields, "installed_at", pointer),
        mcpTools);
  }

  private static Map<String, String> reasons(Object value, String pointer) {
    Map<String, String> reasons = new LinkedHashMap<>();
    object(value, pointer).forEach((permission, reason) -> {
      if (!(reason instanceof String r)) {
        throw invalid(pointer + "/" + permission, "expected the permission's reason, a string");
      }
      reasons.put(permission, r);
    });
    return reasons;
  }

  private static Instant instant(Map<String, Object> fields, String name, String pointer) {
    try {
      return Instant.parse(string(fields, name, pointer));
    } catch (DateTimeParseException e) {
      throw invalid(pointer + "/" + name, "expected an ISO-8601 instant such as 2026-12-06T10:00:00Z");
    }
  }

  private static String string(Map<String, Object> fields, String name, String pointer) {
    if (!(fields.get(name) instanceof String value)) {
      throw invalid(pointer + "/" + name, "expected a string");
    }
    return value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(Object value, String pointer) {
    if (!(value instanceof Map<?, ?> map)) {
      throw invalid(pointer, "expected an object");
    }
    return (Map<String, Object>) map;
  }

  @SuppressWarnings("unchecked")
  private static List<Object> list(Object value, String pointer) {
    if (!(value instanceof List<?> list)) {
      throw invalid(pointer, "expected an array");
    }
    return (List<Object>) list;
  }

  private static List<String> strings(Object value, String pointer) {
    List<String> strings = new ArrayList<>();
    List<Object> list = list(value, pointer);
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof String s)) {
        throw invalid(pointer + "/" + i, "expected a string");
      }
      strings.add(s);
    }
    return strings;
  }

  /** {@code key} as one token of a JSON pointer (RFC 6901). */
  private static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }

  private static String firstLine(String message) {
    String text = String.valueOf(message);
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  private static LockfileException invalid(String pointer, String message) {
    return new LockfileException("lockfile_invalid", "plugins.lock.json is not a valid lockfile at "
        + (pointer.isEmpty() ? "/" : pointer) + ": " + message
        + "; restore it from a backup, or move it away to start with no plugins installed");
  }
}
