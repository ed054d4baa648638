package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.core.extender.PluginInspection;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.manifest.PluginSchema;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.spi.DataDirectory;
import ai.tyrum.gateway.spi.GatewayEvents;
import ai.tyrum.gateway.spi.GatewayException;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plugin configuration (DESIGN §3), store and validation: {@code config/<plugin-id>.json}, validated
 * against the plugin's closed config schema when the plugin is loaded and at every write.
 *
 * <p>Writes of one plugin are serialised; an invalid write is refused whole and changes nothing. A
 * write that succeeds is recorded as {@code plugin.config.changed}, and that event is all the rest of
 * the gateway hears of it: delivery to the plugin ({@link ConfigAdminDelivery}) and the extender's
 * second look at a plugin refused for its config react to it, so nothing here calls back into them.
 * Every value the schema marks {@code writeOnly} is sensitive: it leaves this component masked, and
 * {@link SensitiveValues} tells redaction which values to remove.
 */
@Component(service = {ConfigService.class, StoredConfigs.class, SensitiveValues.class})
public final class PluginConfigs implements ConfigService, StoredConfigs, SensitiveValues {

  /** Config schemas kept closed and compiled: a config is read at each load and each operator request. */
  private static final int CLOSED_KEPT = 64;

  private final GatewayEvents events;
  private final PluginInspection inspection;
  private final Plugins plugins;
  private final ConfigStore store;
  // closed and compiled config schemas of the plugins whose config was read last; an idle plugin keeps none
  private final Map<PluginSchema, ConfigSchema> closed = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<PluginSchema, ConfigSchema> eldest) {
      return size() > CLOSED_KEPT;
    }
  });
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> secrets = new ConcurrentHashMap<>();

  @Activate
  public PluginConfigs(
      @Reference DataDirectory data,
      @Reference GatewayEvents events,
      @Reference PluginInspection inspection,
      @Reference Plugins plugins) {
    this.events = events;
    this.inspection = inspection;
    this.plugins = plugins;
    this.store = new ConfigStore(data.dir("config"));
  }

  // --- for the extender and delivery: at every load ----------------------------------------------

  @Override
  public List<String> problems(ValidatedPlugin plugin) {
    String id = plugin.manifest().id();
    try {
      ConfigSchema schema = schemaOf(plugin.manifest(), plugin.schemas());
      ObjectNode stored = store.read(id);
      List<String> problems = ConfigStore.problems(schema, stored);
      if (problems.isEmpty()) {
        // the file may have changed on disk since it was last read: redaction follows what loads
        secrets.put(id, Set.copyOf(schema.sensitiveValues(schema.withDefaults(stored))));
      }
      return problems;
    } catch (ConfigException e) {
      return e.details().isEmpty() ? List.of(e.getMessage()) : e.details();
    } catch (Schemas.InvalidSchemaException e) {
      return List.of("/ (schema): the closed config schema does not compile: " + e.getMessage());
    } catch (RuntimeException e) {
      // whatever is on disk, this plugin alone is refused: the extender and every other plugin go on
      return List.of("/ (config): the stored config could not be checked (" + e.getClass().getSimpleName()
          + "); replace config/" + id + ".json with a JSON object its schema accepts, or remove it");
    }
  }

  @Override
  public Optional<ObjectNode> effective(ValidatedPlugin plugin) {
    try {
      ConfigSchema schema = schemaOf(plugin.manifest(), plugin.schemas());
      return Optional.of(schema.withDefaults(store.read(plugin.manifest().id())));
    } catch (RuntimeException unreadable) {
      return Optional.empty();
    }
  }

  // --- operator surfaces: shell and HTTP -------------------------------------------------------

  @Override
  public JsonNode get(String id) {
    Target target = target(id);
    return target.schema().masked(target.schema().withDefaults(store.read(id)));
  }

  @Override
  public JsonNode schema(String id) {
    return target(id).schema().closedSchema();
  }

  @Override
  public ConfigChange set(String id, String path, JsonNode value, String via) {
    ConfigPath where = ConfigPath.parse(path);
    return write(id, via, current -> where.set(current.get(), value));
  }

  @Override
  public ConfigChange unset(String id, String path, String via) {
    ConfigPath where = ConfigPath.parse(path);
    return write(id, via, current -> where.unset(current.get()));
  }

  @Override
  public ConfigChange replace(String id, ObjectNode config, String via) {
    return write(id, via, current -> current.schema().restoreMasked(config, current.getOrEmpty()));
  }

  @Override
  public ConfigChange replace(String id, byte[] json, String what, String via) {
    return replace(id, ConfigStore.parse(id, json, what), via);
  }

  @Override
  public Map<String, Object> maskedConfigs() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (PluginRecord plugin : plugins.plugins()) {
      if (plugin.manifest().isEmpty() || all.containsKey(plugin.id())) {
        continue;
      }
      try {
        all.put(plugin.id(), get(plugin.id()));
      } catch (GatewayException e) {
        all.put(plugin.id(), Map.of("error", e.code()));
      } catch (RuntimeException e) {
        all.put(plugin.id(), Map.of("error", "config_unavailable"));
      }
    }
    return all;
  }

  // --- for redaction on the call path ------------------------------------------------------------

  @Override
  public Set<String> of(String pluginId) {
    return secrets.computeIfAbsent(pluginId, this::loadSecrets);
  }

  private Set<String> loadSecrets(String pluginId) {
    try {
      Target target = target(pluginId);
      return Set.copyOf(target.schema().sensitiveValues(store.read(pluginId)));
    } catch (ConfigException e) {
      return Set.of();
    }
  }

  // --- writes --------------------------------------------------------------------------------------

  /** What a write starts from: the plugin's schema and its stored config. */
  private record Current(ConfigSchema schema, ConfigStore store, String id) {
    ObjectNode get() {
      return store.read(id);
    }

    ObjectNode getOrEmpty() {
      try {
        return store.read(id);
      } catch (ConfigException unreadable) {
        return JsonNodeFactory.instance.objectNode();
      }
    }
  }

  private ConfigChange write(String id, String via, Function<Current, ObjectNode> change) {
    Target target = target(id);
    synchronized (locks.computeIfAbsent(id, k -> new Object())) {
      ObjectNode next = change.apply(new Current(target.schema(), store, id));
      ObjectNode effective = target.schema().withDefaults(next);
      Set<String> before = of(id);
      Set<String> after = Set.copyOf(target.schema().sensitiveValues(effective));
      // redact old and new secrets while the file changes: a tool call in between must leak neither
      Set<String> both = new HashSet<>(before);
      both.addAll(after);
      secrets.put(id, Set.copyOf(both));
      List<String> changed;
      try {
        changed = store.write(id, target.schema(), next);
      } finally {
        secrets.put(id, before);
      }
      secrets.put(id, after);
      Map<String, Object> payload = new LinkedHashMap<>();
      payload.put("plugin", target.plugin().eventIdentity());
      payload.put("changed", changed); // keys only: never a value, sensitive or not
      payload.put("via", via);
      // recorded under the plugin's lock, so the events of its writes come in the order of the writes
      long seq = events.record("plugin.config.changed", payload);
      return new ConfigChange(id, changed, target.schema().masked(effective), seq);
    }
  }

  // --- plugins and schemas -------------------------------------------------------------------

  private record Target(PluginRecord plugin, ConfigSchema schema) {}

  private Target target(String id) {
    PluginRecord plugin =
        plugins.plugin(id)
            .orElseThrow(() -> new ConfigException(
                "unknown_plugin", 404, "no plugin " + id + " is installed (see plugin:list)", List.of()));
    if (plugin.manifest().isEmpty()) {
      throw new ConfigException(
          "config_unavailable", 409,
          "plugin " + id + " was refused (" + plugin.reason() + ") before its config schema could be read",
          plugin.details());
    }
    try {
      return new Target(plugin, schemaOf(plugin.manifest().get(), plugin.schemas()));
    } catch (Schemas.InvalidSchemaException e) {
      throw new ConfigException(
          "config_unavailable", 409, "the config schema of plugin " + id + " cannot be closed", e.problems());
    }
  }

  private ConfigSchema schemaOf(PluginManifest manifest, Map<String, PluginSchema> schemas) {
    PluginSchema raw = schemas.get(manifest.configSchema());
    if (raw == null) {
      throw new Schemas.InvalidSchemaException(List.of("no compiled schema at " + manifest.configSchema()));
    }
    return closed.computeIfAbsent(raw, r -> ConfigSchema.of(r.tree(), inspection.schemas()));
  }
}
