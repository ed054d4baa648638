package ai.tyrum.gateway.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where a plugin's bytes came from (DESIGN section 5).
 *
 * @param kind {@code catalog}, {@code local} ({@code plugin:install FILE.jar}, {@code POST
 *     /plugins/install} with a file), {@code deploy} (the deploy folder) or {@code console} (a plain
 *     {@code felix:install})
 * @param location the catalog's URL or path, or the local file's path
 * @param keyId the id of the trusted key that signed the catalog; empty for a local source
 * @since 2.1
 */
public record PluginOrigin(String kind, String location, String keyId) {

  public static final String CATALOG = "catalog";
  public static final String LOCAL = "local";
  public static final String DEPLOY = "deploy";
  public static final String CONSOLE = "console";

  public PluginOrigin {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(keyId, "keyId");
  }

  /** Whether the bytes came from a file an operator named rather than from a signed catalog. */
  public boolean local() {
    return !CATALOG.equals(kind);
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("kind", kind);
    json.put("location", location);
    if (!keyId.isEmpty()) {
      json.put("key_id", keyId);
    }
    return json;
  }
}
