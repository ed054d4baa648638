package ai.tyrum.gateway.itest.marketplace;

import ai.tyrum.gateway.spi.GatewayException;
import ai.tyrum.gateway.spi.InstallRequest;
import ai.tyrum.gateway.spi.PluginInstaller;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link PluginInstaller} in place of gateway.marketplace's: it records each operation as one line
 * ({@code install catalog echo 1.0.0 [db:plugin] apr_1 token:ops}) and answers what the HTTP API passes
 * on; a plugin id {@code nope} is refused with 404 {@code unknown_plugin}, as the pipeline refuses it.
 * The catalog offers one plugin, {@code weather}. Public for the fuzz tests, which reach the plugin
 * operations' bodies through it.
 */
public final class FakePluginInstaller implements PluginInstaller {

  static final String UNKNOWN = "nope";

  private final List<String> asked = new CopyOnWriteArrayList<>();

  /** Every operation asked, in order. */
  List<String> asked() {
    return new ArrayList<>(asked);
  }

  void clear() {
    asked.clear();
  }

  @Override
  public Map<String, Object> install(InstallRequest request) {
    String target = request.id().map(id -> "catalog " + id + " " + request.version().orElse("newest"))
        .orElseGet(() -> "file " + request.file().orElseThrow() + " " + request.sha256().orElse("-"));
    asked.add("install " + target + " " + request.grants() + " " + request.approvalId().orElse("-") + " " + request.actor());
    String id = request.id().orElse("local");
    refuseUnknown(id);
    return outcome(id, "loaded");
  }

  @Override
  public Map<String, Object> upgrade(String id, Optional<String> version, List<String> grants, Optional<String> approvalId, String actor) {
    asked.add("upgrade " + id + " " + version.orElse("newest") + " " + grants + " " + approvalId.orElse("-") + " " + actor);
    refuseUnknown(id);
    return outcome(id, "loaded");
  }

  @Override
  public Map<String, Object> uninstall(String id, boolean purge, String actor) {
    asked.add("uninstall " + id + " purge=" + purge + " " + actor);
    refuseUnknown(id);
    return outcome(id, "uninstalled");
  }

  @Override
  public Map<String, Object> enable(String id, Optional<String> approvalId, String actor) {
    asked.add("enable " + id + " " + approvalId.orElse("-") + " " + actor);
    refuseUnknown(id);
    return outcome(id, "loaded");
  }

  @Override
  public Map<String, Object> disable(String id, String actor) {
    asked.add("disable " + id + " " + actor);
    refuseUnknown(id);
    return outcome(id, "disabled");
  }

  @Override
  public Map<String, Object> grant(String id, List<String> permissions, String actor) {
    asked.add("grant " + id + " " + permissions + " " + actor);
    refuseUnknown(id);
    return outcome(id, "loaded");
  }

  @Override
  public Map<String, Object> revoke(String id, List<String> permissions, String actor) {
    asked.add("revoke " + id + " " + permissions + " " + actor);
    refuseUnknown(id);
    return outcome(id, "pending_approval");
  }

  @Override
  public List<Map<String, Object>> search(String text) {
    asked.add("search " + text);
    return "weather".contains(text) ? List.of(weather()) : List.of();
  }

  @Override
  public Optional<Map<String, Object>> info(String id) {
    asked.add("info " + id);
    return id.equals("weather") ? Optional.of(weather()) : Optional.empty();
  }

  @Override
  public List<Map<String, Object>> verify() {
    asked.add("verify");
    return List.of(Map.of("id", "echo", "verdict", "ok"));
  }

  private static void refuseUnknown(String id) {
    if (id.equals(UNKNOWN)) {
      throw new GatewayException("unknown_plugin", 404, "no plugin " + id + " is installed or offered by a catalog", List.of("id"));
    }
  }

  private static Map<String, Object> outcome(String id, String state) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id);
    json.put("state", state);
    return json;
  }

  static Map<String, Object> weather() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", "weather");
    json.put("versions", List.of("1.0.0", "1.1.0"));
    json.put("requested", List.of(Map.of("permission", "network.egress:api.weather.example:443", "reason", "reads the forecast")));
    json.put("key_id", "key-1");
    json.put("size", 4096);
    json.put("sha256", "cd".repeat(32));
    return json;
  }
}
