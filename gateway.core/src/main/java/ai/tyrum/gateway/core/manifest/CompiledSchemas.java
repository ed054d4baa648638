package ai.tyrum.gateway.core.manifest;

import ai.tyrum.gateway.lib.schema.Schemas;
import com.networknt.schema.Schema;
import java.util.ArrayDeque;
import java.util.Deque;
import tools.jackson.databind.JsonNode;

/**
 * The compiled forms the plugins' schemas keep: at most {@code capacity} of them, the first compiled
 * dropped first. A compiled schema takes some tens of KiB, so a gateway with thousands of tools keeps the
 * ones in use and compiles the others when they are next called, in place of holding every one for good.
 * A schema in use keeps its compiled form between calls: only compiling another one can drop it.
 */
public final class CompiledSchemas {

  /** Enough for every tool of the plugins an agent typically works with, a few MiB at most. */
  public static final int DEFAULT_CAPACITY = 512;

  private final Schemas schemas;
  private final int capacity;
  private final Deque<PluginSchema> kept = new ArrayDeque<>();

  public CompiledSchemas(Schemas schemas, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1");
    }
    this.schemas = schemas;
    this.capacity = capacity;
  }

  /** Checks and compiles {@code schema} (JSON Schema 2020-12) without keeping it. */
  public Schema compile(JsonNode schema) {
    return schemas.compile(schema);
  }

  void keep(PluginSchema schema) {
    PluginSchema dropped = null;
    synchronized (kept) {
      kept.addLast(schema);
      if (kept.size() > capacity) {
        dropped = kept.removeFirst();
      }
    }
    if (dropped != null) {
      dropped.forget();
    }
  }

  /** How many compiled forms are kept now. */
  public int size() {
    synchronized (kept) {
      return kept.size();
    }
  }
}
