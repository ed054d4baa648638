package ai.tyrum.gateway.core.mcp;

import ai.tyrum.gateway.lib.json.CanonicalDigest;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the operator approves of an MCP server's tool, and what the lockfile pins: its name, description
 * and input schema. Its digest is the SHA-256 of the canonical JSON (RFC 8785) of those three.
 *
 * @param name the tool's name as the server lists it
 * @param description its description, empty when the server gives none
 * @param inputSchema its input schema as JSON-shaped values
 */
public record McpToolDefinition(String name, String description, Map<String, Object> inputSchema) {

  /** The tool names the gateway serves: they become the last part of a tool id. */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public McpToolDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    inputSchema = inputSchema == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(inputSchema));
  }

  /** The definition of a tool as a server listed it. */
  public static McpToolDefinition of(McpSchema.Tool tool) {
    return new McpToolDefinition(tool.name(), tool.description() == null ? "" : tool.description(), tool.inputSchema());
  }

  /** Whether the server marks the tool read-only ({@code annotations.readOnlyHint} true). */
  public static boolean readOnlyHint(McpSchema.Tool tool) {
    return tool.annotations() != null && Boolean.TRUE.equals(tool.annotations().readOnlyHint());
  }

  /** The definition as the lockfile's digest covers it and the pins file keeps it. */
  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("description", description);
    json.put("inputSchema", inputSchema);
    return json;
  }

  /** Reads what {@link #toJson} wrote. */
  @SuppressWarnings("unchecked")
  public static Optional<McpToolDefinition> fromJson(Object json) {
    if (json instanceof Map<?, ?> map && map.get("name") instanceof String name && map.get("description") instanceof String description
        && map.get("inputSchema") instanceof Map<?, ?> schema) {
      return Optional.of(new McpToolDefinition(name, description, (Map<String, Object>) schema));
    }
    return Optional.empty();
  }

  /**
   * The hex SHA-256 of the canonical JSON of {@link #toJson}.
   *
   * @throws IllegalArgumentException when the definition has no canonical form (an unpaired surrogate)
   */
  public String sha256() {
    return CanonicalDigest.of(toJson()).sha256();
  }

  /**
   * What changed from {@code approved}, the definition pinned, to this one, as the surfaces show it:
   * {@code change} ({@code changed}), {@code fields} (which of description and inputSchema differ),
   * the old and new description, and the schema change summarised by property.
   */
  public Map<String, Object> differenceFrom(McpToolDefinition approved) {
    List<String> fields = new ArrayList<>();
    if (!description.equals(approved.description)) {
      fields.add("description");
    }
    if (!inputSchema.equals(approved.inputSchema)) {
      fields.add("inputSchema");
    }
    Map<String, Object> difference = new LinkedHashMap<>();
    difference.put("change", "changed");
    difference.put("fields", fields);
    if (fields.contains("description")) {
      difference.put("description", Map.of("old", approved.description, "new", description));
    }
    if (fields.contains("inputSchema")) {
      difference.put("input_schema", schemaChange(approved.inputSchema, inputSchema));
    }
    return difference;
  }

  /** The difference of a tool no definition of which was approved: every field is new. */
  public Map<String, Object> differenceAsNew() {
    Map<String, Object> difference = new LinkedHashMap<>();
    difference.put("change", "new");
    difference.put("fields", List.of("name", "description", "inputSchema"));
    difference.put("description", Map.of("new", description));
    difference.put("input_schema", schemaChange(Map.of(), inputSchema));
    return difference;
  }

  /** The difference of a changed tool whose approved definition is not known any more, only its digest. */
  public Map<String, Object> differenceFromUnknown() {
    Map<String, Object> difference = new LinkedHashMap<>();
    difference.put("change", "changed");
    difference.put("fields", List.of());
    difference.put("description", Map.of("new", description));
    difference.put("previous_definition", "unknown: only its digest is pinned; compare with the server's own history");
    return difference;
  }

  /**
   * The change of an input schema in a few lines: properties added, removed and changed, and the
   * required list before and after when it moved; {@code other} when anything else differs.
   */
  static Map<String, Object> schemaChange(Map<String, Object> before, Map<String, Object> after) {
    Map<String, Object> oldProperties = properties(before);
    Map<String, Object> newProperties = properties(after);
    TreeSet<String> added = new TreeSet<>(newProperties.keySet());
    added.removeAll(oldProperties.keySet());
    TreeSet<String> removed = new TreeSet<>(oldProperties.keySet());
    removed.removeAll(newProperties.keySet());
    TreeSet<String> changed = new TreeSet<>();
    newProperties.forEach((property, schema) -> {
      if (oldProperties.containsKey(property) && !Objects.equals(oldProperties.get(property), schema)) {
        changed.add(property);
      }
    });
    Map<String, Object> change = new LinkedHashMap<>();
    change.put("added_properties", List.copyOf(added));
    change.put("removed_properties", List.copyOf(removed));
    change.put("changed_properties", List.copyOf(changed));
    Object oldRequired = before.getOrDefault("required", List.of());
    Object newRequired = after.getOrDefault("required", List.of());
    if (!Objects.equals(oldRequired, newRequired)) {
      change.put("required", Map.of("old", oldRequired, "new", newRequired));
    }
    Map<String, Object> oldRest = new LinkedHashMap<>(before);
    Map<String, Object> newRest = new LinkedHashMap<>(after);
    for (Map<String, Object> rest : List.of(oldRest, newRest)) {
      rest.remove("properties");
      rest.remove("required");
    }
    change.put("other", !oldRest.equals(newRest));
    return change;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> properties(Map<String, Object> schema) {
    return schema.get("properties") instanceof Map<?, ?> properties ? (Map<String, Object>) properties : Map.of();
  }

  /** One line for people: {@code description, inputSchema (added: x; removed: y)}. */
  @SuppressWarnings("unchecked")
  public static String summary(Map<String, Object> difference) {
    StringBuilder text = new StringBuilder(String.valueOf(difference.get("change")));
    List<String> fields = (List<String>) difference.getOrDefault("fields", List.of());
    if (!fields.isEmpty()) {
      text.append(": ").append(String.join(", ", fields));
    }
    if (difference.get("input_schema") instanceof Map<?, ?> schema) {
      List<String> parts = new ArrayList<>();
      for (String kind : List.of("added", "removed", "changed")) {
        Object properties = schema.get(kind + "_properties");
        if (properties instanceof List<?> list && !list.isEmpty()) {
          parts.add(kind + " " + String.join(", ", list.stream().map(String::valueOf).toList()));
        }
      }
      if (schema.containsKey("required")) {
        parts.add("required changed");
      }
      if (Boolean.TRUE.equals(schema.get("other"))) {
        parts.add("other keywords changed");
      }
      if (!parts.isEmpty()) {
        text.append(" (schema: ").append(String.join("; ", parts)).append(")");
      }
    }
    return text.toString();
  }
}
