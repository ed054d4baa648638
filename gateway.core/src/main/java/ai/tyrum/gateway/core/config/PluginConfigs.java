package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.core.data.GatewayHome;
import ai.tyrum.gateway.core.extender.PluginExtender;
import ai.tyrum.gateway.core.extender.PluginInspection;
import ai.tyrum.gateway.lib.json.Json;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.manifest.PluginManifest;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginRegistry;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.lib.schema.Schemas;
import ai.tyrum.gateway.spi.GatewayEvents;
import com.networknt.schema.Schema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Plugin configuration (DESIGN §3): {@code config/<plugin-id>.json}, validated against the plugin's
 * closed config schema when the plugin is loaded and at every write, and handed to the running plugin
 * through ConfigAdmin (configuration PID {@code tyrum.plugin.<id>}, bound to the plugin bundle's
 * location) so that its DS components see every change without a restart.
 *
 * <p>Writes of one plugin are serialised; an invalid write is refused whole and changes nothing. Every
 * value the schema marks {@code writeOnly} is sensitive: it leaves this component masked, and tool
 * outputs that carry it are redacted ({@link #redact}).
 */
@Component(service = {ConfigService.class, Redactor.class, PluginConfigs.class})
public final class PluginConfigs implements ConfigService, Redactor {

  /** ConfigAdmin PID prefix: the plugin's DS components name {@code tyrum.plugin.<id>}. */
  public static final String PID_PREFIX = "tyrum.plugin.";
  /** The configuration property that holds the whole effective config as JSON. */
  public static final String JSON_PROPERTY = "tyrum.config.json";
  private static final System.Logger LOG = System.getLogger(PluginConfigs.class.getName());

  @Reference GatewayHome home;
  @Reference GatewayEvents events;
  @Reference PluginInspection inspection;
  @Reference Plugins registry;

  private volatile ConfigurationAdmin configAdmin;
  private volatile BundleContext context;
  private volatile ConfigStore store;
  private final Map<Schema, ConfigSchema> closed = Collections.synchronizedMap(new WeakHashMap<>());
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> secrets = new ConcurrentHashMap<>();

  public PluginConfigs() {}

  /**
   * Redaction without a data dir, for tests and benchmarks of the call path: each plugin's sensitive
   * values as if read from its config.
   */
  public static PluginConfigs withSensitiveValues(Map<String, Set<String>> sensitive) {
    PluginConfigs configs = new PluginConfigs();
    sensitive.forEach((pluginId, values) -> configs.secrets.put(pluginId, Set.copyOf(values)));
    return configs;
  }

  @Activate
  void activate(BundleContext context) {
    store = new ConfigStore(home.dir("config"));
    this.context = context;
    deliverAll();
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void setConfigAdmin(ConfigurationAdmin admin) {
    configAdmin = admin;
    if (context != null) {
      deliverAll(); // ConfigAdmin came after the plugins were read
    }
  }

  void unsetConfigAdmin(ConfigurationAdmin admin) {
    if (configAdmin == admin) {
      configAdmin = null;
    }
  }

  // --- for the extender: at every load -------------------------------------------------------

  /**
   * Every reason the stored config of {@code plugin} is not valid for its schema, one line each
   * ({@code /greeting (type): ...}); empty when it is valid.
   */
  public List<String> problems(ValidatedPlugin plugin) {
    String id = plugin.manifest().id();
    try {
      ConfigSchema schema = schemaOf(plugin.manifest(), plugin.schemas());
      return ConfigStore.problems(schema, store.read(id));
    } catch (ConfigException e) {
      return e.details().isEmpty() ? List.of(e.getMessage()) : e.details();
    } catch (Schemas.InvalidSchemaException e) {
      return List.of("/ (schema): the closed config schema does not compile: " + e.getMessage());
    }
  }

  /** Hands the effective config of an accepted plugin to its bundle (ConfigAdmin). */
  public void deliver(Bundle bundle, ValidatedPlugin plugin) {
    String id = plugin.manifest().id();
    try {
      ConfigSchema schema = schemaOf(plugin.manifest(), plugin.schemas());
      ObjectNode effective = schema.withDefaults(store.read(id));
      deliver(bundle, id, schema, effective);
    } catch (ConfigException | Schemas.InvalidSchemaException e) {
      LOG.log(System.Logger.Level.WARNING, "config of plugin " + id + " not delivered: " + e.getMessage());
    }
  }

  // --- operator surfaces: shell and HTTP -------------------------------------------------------

  /** The effective config of plugin {@code id} (defaults applied), sensitive values masked. */
  @Override
  public JsonNode get(String id) {
    Target target = target(id);
    return target.schema().masked(target.schema().withDefaults(store.read(id)));
  }

  /** The closed config schema of plugin {@code id}, with its {@code writeOnly} marks. */
  @Override
  public JsonNode schema(String id) {
    return target(id).schema().closedSchema();
  }

  /** Sets the value at {@code path} (a JSON pointer or a dotted path). */
  @Override
  public ConfigChange set(String id, String path, JsonNode value, String via) {
    ConfigPath where = ConfigPath.parse(path);
    return write(id, via, current -> where.set(current.get(), value));
  }

  /** Removes the value at {@code path}, so that the schema's default (if any) applies again. */
  @Override
  public ConfigChange unset(String id, String path, String via) {
    ConfigPath where = ConfigPath.parse(path);
    return write(id, via, current -> where.unset(current.get()));
  }

  /**
   * Replaces the whole config. A sensitive value sent back as the mask it was read as keeps the value
   * stored, so a client can write back what it read.
   */
  @Override
  public ConfigChange replace(String id, ObjectNode config, String via) {
    return write(id, via, current -> current.schema().restoreMasked(config, current.getOrEmpty()));
  }

  /** Replaces the whole config with JSON text (an imported file). */
  @Override
  public ConfigChange replace(String id, byte[] json, String what, String via) {
    return replace(id, ConfigStore.parse(id, json, what), via);
  }

  /** Every plugin's masked effective config, for status and exports; a broken one shows its error. */
  @Override
  public Map<String, Object> maskedConfigs() {
    Map<String, Object> all = new LinkedHashMap<>();
    for (PluginRecord plugin : registry.plugins()) {
      if (plugin.manifest().isEmpty() || all.containsKey(plugin.id())) {
        continue;
      }
      try {
        all.put(plugin.id(), get(plugin.id()));
      } catch (ConfigException e) {
        all.put(plugin.id(), Map.of("error", e.code()));
      }
    }
    return all;
  }

  // --- the call path ----------------------------------------------------------------------------

  /**
   * {@code output} of a tool of plugin {@code pluginId} with every sensitive config value of that
   * plugin replaced by {@value #REDACTED} wherever a string carries it.
   */
  @Override
  public JsonNode redact(String pluginId, JsonNode output) {
    Set<String> values = secrets.computeIfAbsent(pluginId, this::loadSecrets);
    if (values.isEmpty()) {
      return output;
    }
    List<String> longestFirst = new ArrayList<>(values);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    return redact(output, longestFirst);
  }

  /** {@code text} with every sensitive config value of plugin {@code pluginId} replaced by {@value #REDACTED}. */
  @Override
  public String redact(String pluginId, String text) {
    return redact(pluginId, JsonNodeFactory.instance.stringNode(text)).stringValue();
  }

  private static JsonNode redact(JsonNode node, List<String> values) {
    if (node.isString()) {
      String text = node.stringValue();
      for (String value : values) {
        text = text.replace(value, REDACTED);
      }
      return text.equals(node.stringValue()) ? node : JsonNodeFactory.instance.stringNode(text);
    }
    if (node instanceof ObjectNode object) {
      ObjectNode copy = JsonNodeFactory.instance.objectNode();
      object.properties().forEach(e -> copy.set(e.getKey(), redact(e.getValue(), values)));
      return copy;
    }
    if (node instanceof ArrayNode array) {
      ArrayNode copy = JsonNodeFactory.instance.arrayNode();
      array.forEach(e -> copy.add(redact(e, values)));
      return copy;
    }
    return node;
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
    ConfigChange done;
    synchronized (locks.computeIfAbsent(id, k -> new Object())) {
      ObjectNode next = change.apply(new Current(target.schema(), store, id));
      ObjectNode effective = target.schema().withDefaults(next);
      Set<String> before = secrets.computeIfAbsent(id, this::loadSecrets);
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
      long seq = events.record("plugin.config.changed", payload);
      Bundle bundle = bundle(target.plugin());
      if (bundle != null) {
        deliver(bundle, id, target.schema(), effective);
      }
      done = new ConfigChange(id, changed, target.schema().masked(effective), seq);
    }
    if (target.plugin().state() == PluginState.failed
        && target.plugin().reason().equals(PluginRegistry.INVALID_CONFIG)) {
      reload(target.plugin());
    }
    return done;
  }

  /**
   * A plugin refused for its config may load now: have the extender examine its bundle again. The
   * extender is looked up here, not referenced: it references this component to examine plugins, and
   * a reference back would be a cycle that SCR can only break by failing one side's activation.
   */
  private void reload(PluginRecord plugin) {
    BundleContext ctx = context;
    Bundle bundle = bundle(plugin);
    if (ctx == null || bundle == null) {
      return;
    }
    ServiceReference<PluginExtender> reference = ctx.getServiceReference(PluginExtender.class);
    PluginExtender extender = reference == null ? null : ctx.getService(reference);
    if (extender == null) {
      return;
    }
    try {
      extender.reexamine(bundle);
    } finally {
      ctx.ungetService(reference);
    }
  }

  private Bundle bundle(PluginRecord plugin) {
    BundleContext ctx = context;
    return ctx == null ? null : ctx.getBundle(plugin.bundleId());
  }

  // --- plugins and schemas -------------------------------------------------------------------

  private record Target(PluginRecord plugin, ConfigSchema schema) {}

  private Target target(String id) {
    PluginRecord plugin =
        registry.plugin(id)
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

  private ConfigSchema schemaOf(PluginManifest manifest, Map<String, Schema> schemas) {
    Schema raw = schemas.get(manifest.configSchema());
    if (raw == null) {
      throw new Schemas.InvalidSchemaException(List.of("no compiled schema at " + manifest.configSchema()));
    }
    return closed.computeIfAbsent(raw, r -> ConfigSchema.of(r.getSchemaNode(), inspection.schemas()));
  }

  // --- delivery through ConfigAdmin ------------------------------------------------------------

  private void deliverAll() {
    BundleContext ctx = context;
    if (ctx == null || configAdmin == null) {
      return;
    }
    for (PluginRecord plugin : registry.plugins()) {
      Bundle bundle = ctx.getBundle(plugin.bundleId());
      if (plugin.manifest().isEmpty() || plugin.state() == PluginState.failed || bundle == null) {
        continue;
      }
      try {
        Target target = target(plugin.id());
        deliver(bundle, plugin.id(), target.schema(), target.schema().withDefaults(store.read(plugin.id())));
      } catch (ConfigException e) {
        LOG.log(System.Logger.Level.WARNING, "config of plugin " + plugin.id() + " not delivered: " + e.getMessage());
      }
    }
  }

  private void deliver(Bundle bundle, String id, ConfigSchema schema, ObjectNode effective) {
    secrets.put(id, Set.copyOf(schema.sensitiveValues(effective)));
    ConfigurationAdmin admin = configAdmin;
    if (admin == null) {
      return;
    }
    try {
      Configuration configuration = admin.getConfiguration(PID_PREFIX + id, bundle.getLocation());
      if (!bundle.getLocation().equals(configuration.getBundleLocation())) {
        // a reinstall from another location: the configuration follows the plugin, never another bundle
        configuration.setBundleLocation(bundle.getLocation());
      }
      configuration.updateIfDifferent(properties(effective));
    } catch (IOException | IllegalStateException e) {
      LOG.log(System.Logger.Level.WARNING, "config of plugin " + id + " not handed to ConfigAdmin: " + e.getMessage());
    }
  }

  /**
   * The configuration properties: each top-level scalar or array of scalars under its own name (for
   * DS component property types) and the whole config as JSON in {@value #JSON_PROPERTY}.
   */
  static Dictionary<String, Object> properties(ObjectNode effective) {
    Hashtable<String, Object> properties = new Hashtable<>();
    for (Map.Entry<String, JsonNode> field : effective.properties()) {
      String key = field.getKey();
      if (key.isEmpty() || key.startsWith("service.") || key.startsWith("component.") || key.startsWith("tyrum.")) {
        continue; // names the framework or the gateway own
      }
      Object value = scalar(field.getValue());
      if (value == null && field.getValue().isArray()) {
        value = scalars(field.getValue());
      }
      if (value != null) {
        properties.put(key, value);
      }
    }
    properties.put(JSON_PROPERTY, Json.string(effective));
    return properties;
  }

  private static Object scalar(JsonNode node) {
    if (node.isString()) {
      return node.stringValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return null;
  }

  private static Object scalars(JsonNode array) {
    List<Object> values = new ArrayList<>();
    for (JsonNode item : array) {
      Object value = scalar(item);
      if (value == null || (!values.isEmpty() && values.get(0).getClass() != value.getClass())) {
        return null; // ConfigAdmin holds only arrays of one scalar type
      }
      values.add(value);
    }
    if (values.isEmpty()) {
      return new String[0];
    }
    return values.toArray((Object[]) java.lang.reflect.Array.newInstance(values.get(0).getClass(), 0));
  }
}
