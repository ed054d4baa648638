package ai.tyrum.gateway.core.registry;

import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the registry knows of one plugin bundle, refused ones included. Immutable: every change of state
 * replaces the record.
 *
 * @param bundleId the framework's bundle id
 * @param id the plugin id (as declared, even when invalid; empty when none could be read)
 * @param bundle the Bundle-SymbolicName
 * @param version the Bundle-Version
 * @param location the bundle location (where it was installed from)
 * @param manifest the validated manifest, empty when refused at validation
 * @param schemas the checked schemas of a valid manifest, keyed by path in the jar
 * @param state the current state
 * @param reason the refusal reason code when failed, else empty
 * @param details one line per fault when failed
 * @param refusedServices registrations with this plugin's bundle that are not served, whatever its state
 */
public record PluginRecord(
    long bundleId,
    String id,
    String bundle,
    String version,
    String location,
    Optional<PluginManifest> manifest,
    Map<String, PluginSchema> schemas,
    PluginState state,
    String reason,
    List<String> details,
    List<RefusedService> refusedServices) {

  public PluginRecord {
    schemas = Map.copyOf(schemas);
    details = List.copyOf(details);
    refusedServices = List.copyOf(refusedServices);
  }

  PluginRecord withState(PluginState newState, String newReason, List<String> newDetails) {
    return new PluginRecord(
        bundleId, id, bundle, version, location, manifest, schemas, newState, newReason, newDetails,
        refusedServices);
  }

  PluginRecord withRefusedServices(List<RefusedService> refused) {
    return new PluginRecord(
        bundleId, id, bundle, version, location, manifest, schemas, state, reason, details, refused);
  }

  /** The {@code payload.plugin} object of this plugin's events. */
  public Map<String, Object> eventIdentity() {
    Map<String, Object> identity = new LinkedHashMap<>();
    identity.put("id", id);
    identity.put("version", version);
    identity.put("bundle", bundle);
    return identity;
  }
}
