package ai.tyrum.gateway.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code plugin_tool.invoked} payload of one echo call of the benchmarks, as the gateway fills it in. */
final class EchoCallRecord {

  private static final Map<String, Object> PLUGIN =
      Map.of("id", "echo", "version", "1.0.0", "bundle", "ai.tyrum.plugin.echo");
  private static final String SNAPSHOT = "d22b4d12a2f27b82df3284909d69aa6afa43bcb34a0a83d6dd77195f8a312436";

  private EchoCallRecord() {}

  /** A fresh, mutable payload for a 1 KiB echo call whose input hashes to {@code inputSha256}. */
  static Map<String, Object> of(String inputSha256) {
    Map<String, Object> record = new LinkedHashMap<>(32);
    record.put("tool", CallPathBenchmark.TOOL_ID);
    record.put("plugin", PLUGIN);
    record.put("agent", "default");
    record.put("policy_snapshot", SNAPSHOT);
    record.put("decision", "allow");
    record.put("reason", "allowed_by_default");
    record.put("input_sha256", inputSha256);
    record.put("input_bytes", 1024);
    record.put("output_bytes", 1024);
    record.put("outcome", "ok");
    record.put("duration_ms", 0L);
    return record;
  }
}
