package ai.tyrum.gateway.policy.bundle;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A policy file that went into a snapshot.
 *
 * @param name its path relative to the policy dir, such as {@code agents/ops.yml}
 * @param sha256 SHA-256 (hex) of its bytes
 */
public record SourceFile(String name, String sha256) {

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("file", name);
    json.put("sha256", sha256);
    return json;
  }
}
