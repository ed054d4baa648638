package ai.tyrum.gateway.marketplace.install;

import java.util.List;
import java.util.Map;

/**
 * Jar bytes that passed every check of the pipeline up to the permissions: read once, bounded, their
 * digest and size as expected, the jar and its manifest valid.
 *
 * @param bytes the exact bytes that will be stored and installed
 * @param sha256 their hex SHA-256
 * @param manifest the plugin manifest as {@code PluginInspector} reads it
 * @param requested each requested permission ({@code class:target}) with its reason, in manifest order
 * @param contracts per tool name, the hex SHA-256 of its contract
 */
record Verified(byte[] bytes, String sha256, Map<String, Object> manifest, Map<String, String> requested, Map<String, String> contracts) {

  String id() {
    return (String) manifest.get("id");
  }

  String version() {
    return String.valueOf(manifest.get("version"));
  }

  String bundle() {
    return String.valueOf(manifest.get("bundle"));
  }

  List<String> requestedPermissions() {
    return requested.keySet().stream().sorted().toList();
  }
}
