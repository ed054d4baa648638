package ai.tyrum.gateway.core.manifest;

import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.lib.schema.Schemas;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * One schema file of a plugin, checked when its manifest was (a valid JSON Schema 2020-12 that compiles)
 * and compiled again only when a call or a config check needs it. The compiled form of the schemas used
 * last is kept by {@link CompiledSchemas}; an idle plugin holds its schemas' paths and SHA-256 only, and
 * reads a schema from its jar again when it is next needed. Bytes that differ from what was checked are
 * refused, never compiled.
 */
public final class PluginSchema {

  private final String path;
  private final byte[] sha256;
  private final PluginSource source;
  private final CompiledSchemas compiled;
  private volatile Schema schema;

  PluginSchema(String path, byte[] checkedBytes, PluginSource source, CompiledSchemas compiled) {
    this.path = path;
    this.sha256 = sha256(checkedBytes);
    this.source = source;
    this.compiled = compiled;
  }

  /** A schema compiled already and kept for good: for a caller that holds it outside any plugin's jar. */
  public static PluginSchema of(String path, Schema schema) {
    PluginSchema fixed = new PluginSchema(path, new byte[0], null, null);
    fixed.schema = schema;
    return fixed;
  }

  /** The path of the schema in the plugin's jar. */
  public String path() {
    return path;
  }

  /**
   * The compiled schema: the one kept, or the schema read from the jar again, checked against what was
   * validated, and compiled.
   *
   * @throws Schemas.InvalidSchemaException when the jar no longer holds the schema that was checked
   */
  public Schema compiled() {
    Schema kept = schema;
    if (kept != null) {
      return kept;
    }
    synchronized (this) {
      if (schema == null) {
        schema = compiled.compile(tree());
        compiled.keep(this);
      }
      return schema;
    }
  }

  /**
   * The schema as JSON, read from the jar again.
   *
   * @throws Schemas.InvalidSchemaException when the jar no longer holds the schema that was checked
   */
  public JsonNode tree() {
    if (source == null) {
      return schema.getSchemaNode();
    }
    byte[] bytes;
    try {
      bytes = source.entry(path, ManifestValidator.MAX_SCHEMA_BYTES)
          .orElseThrow(() -> new IOException("the entry is gone"));
    } catch (IOException | IllegalStateException e) {
      throw new Schemas.InvalidSchemaException(List.of(path + " can no longer be read from the plugin's jar: " + e.getMessage()));
    }
    if (!Arrays.equals(sha256, sha256(bytes))) {
      throw new Schemas.InvalidSchemaException(List.of(path + " differs from the schema checked when the plugin loaded"));
    }
    try {
      return Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new Schemas.InvalidSchemaException(List.of(path + " is not JSON: " + e.getOriginalMessage()));
    }
  }

  /** Drops the compiled form; the next use compiles again. */
  void forget() {
    if (source != null) {
      schema = null;
    }
  }

  /** Whether the compiled form is held now (for tests and the memory figures). */
  public boolean isCompiled() {
    return schema != null;
  }

  static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public String toString() {
    return path + (isCompiled() ? " (compiled)" : "");
  }
}
