package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.core.data.AtomicFiles;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas.Violation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The config files {@code config/<plugin-id>.json} of the data dir (DESIGN §3): a missing or empty file
 * is {@code {}}. A write is validated whole against the closed schema with its defaults applied, and
 * then replaces the file atomically; a refused write changes no byte. The file holds what the operator
 * wrote, never the defaults, so that a new plugin version's defaults apply.
 */
public final class ConfigStore {

  static final int MAX_BYTES = 1024 * 1024;

  private static final ObjectWriter PRETTY = Json.PRETTY;

  private final Path dir;

  public ConfigStore(Path dir) {
    this.dir = dir;
  }

  /** The config file of {@code pluginId} (ids match {@code [a-z][a-z0-9-]*}: a plain file name). */
  public Path file(String pluginId) {
    return dir.resolve(pluginId + ".json");
  }

  /**
   * The stored config of {@code pluginId}, as written.
   *
   * @throws ConfigException {@code invalid_config} when the file is not a JSON object of at most
   *     {@value #MAX_BYTES} bytes, or not a regular file at all (a directory, a pipe that would block
   *     the reader, a device); {@code config_io} when it cannot be read
   */
  public ObjectNode read(String pluginId) {
    Path file = file(pluginId);
    byte[] bytes;
    try {
      if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
        return JsonNodeFactory.instance.objectNode();
      }
      if (!Files.isRegularFile(file)) {
        throw invalid(pluginId, List.of("/ (file): " + file.getFileName() + " is not a regular file (a directory,"
            + " a pipe, a device or a dangling link); replace it with a file holding a JSON object, or remove it"));
      }
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1); // bounded, whatever the file grows to meanwhile
      }
      if (bytes.length > MAX_BYTES) {
        throw invalid(pluginId, List.of("/ (file): " + file.getFileName() + " is larger than " + MAX_BYTES + " bytes"));
      }
    } catch (NoSuchFileException e) {
      return JsonNodeFactory.instance.objectNode();
    } catch (IOException e) {
      throw new ConfigException("config_io", 500, "cannot read " + file + ": " + e.getMessage(), List.of());
    }
    if (new String(bytes, StandardCharsets.UTF_8).isBlank()) {
      return JsonNodeFactory.instance.objectNode();
    }
    return parse(pluginId, bytes, file.getFileName().toString());
  }

  /**
   * Parses config text given by an operator (an imported file, a request body).
   *
   * @throws ConfigException {@code invalid_config} when it is not a JSON object
   */
  static ObjectNode parse(String pluginId, byte[] bytes, String what) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw invalid(pluginId, List.of("/ (json): " + what + " is not JSON: " + e.getOriginalMessage()));
    }
    if (!(node instanceof ObjectNode object)) {
      throw invalid(pluginId, List.of("/ (type): " + what + " must hold a JSON object"));
    }
    return object;
  }

  /** Every reason {@code config} (as stored) is not valid for {@code schema}, one line each; empty when valid. */
  public static List<String> problems(ConfigSchema schema, ObjectNode config) {
    List<String> lines = new ArrayList<>();
    Set<String> secrets = schema.sensitiveValues(config);
    for (Violation violation : schema.validate(schema.withDefaults(config))) {
      // pointer and keyword name places, never values; only the validator's message could quote one
      lines.add(new Violation(violation.pointer(), violation.keyword(), redact(violation.message(), secrets)).toString());
    }
    return lines;
  }

  /**
   * Validates {@code config} and, when valid, makes it the stored config of {@code pluginId}.
   *
   * @return the top-level keys whose effective value changed, sorted
   * @throws ConfigException {@code invalid_config} listing every error, with nothing written
   */
  public List<String> write(String pluginId, ConfigSchema schema, ObjectNode config) {
    List<String> problems = problems(schema, config);
    if (!problems.isEmpty()) {
      throw invalid(pluginId, problems);
    }
    ObjectNode before = schema.withDefaults(readOrEmpty(pluginId));
    ObjectNode after = schema.withDefaults(config);
    Path file = file(pluginId);
    try {
      AtomicFiles.write(file, (PRETTY.writeValueAsString(config) + "\n").getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ConfigException("config_io", 500, "cannot write " + file + ": " + e.getMessage(), List.of());
    }
    Set<String> changed = new TreeSet<>();
    before.propertyNames().forEach(k -> { if (!before.get(k).equals(after.get(k))) changed.add(k); });
    after.propertyNames().forEach(k -> { if (!after.get(k).equals(before.get(k))) changed.add(k); });
    return List.copyOf(changed);
  }

  /** The stored config, or {@code {}} when what is stored cannot be read (a write is fixing it). */
  private ObjectNode readOrEmpty(String pluginId) {
    try {
      return read(pluginId);
    } catch (ConfigException unreadable) {
      return JsonNodeFactory.instance.objectNode();
    }
  }

  static ConfigException invalid(String pluginId, List<String> problems) {
    return new ConfigException(
        "invalid_config",
        422,
        "the config of plugin " + pluginId + " is not valid (" + problems.size()
            + (problems.size() == 1 ? " error" : " errors") + "); nothing was changed",
        problems);
  }

  private static String redact(String text, Set<String> secrets) {
    String out = text;
    for (String secret : secrets) {
      out = out.replace(secret, ConfigSchema.MASK);
    }
    return out;
  }
}
