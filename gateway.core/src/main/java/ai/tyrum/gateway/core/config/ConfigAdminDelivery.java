package ai.tyrum.gateway.core.config;

import ai.tyrum.gateway.core.manifest.ManifestValidator;
import ai.tyrum.gateway.core.manifest.ManifestValidator.ValidatedPlugin;
import ai.tyrum.gateway.core.registry.PluginRecord;
import ai.tyrum.gateway.core.registry.PluginState;
import ai.tyrum.gateway.core.registry.Plugins;
import ai.tyrum.gateway.lib.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Delivery of plugin configuration through ConfigAdmin (DESIGN §3): configuration PID
 * {@code tyrum.plugin.<id>}, bound to the plugin bundle's location, so that the plugin's DS components
 * see every change without a restart. A plugin gets its config when the extender accepts it, when
 * ConfigAdmin arrives after it, and after every write ({@code plugin.config.changed}).
 *
 * <p>Each delivery reads the stored config as it is then, under the plugin's lock: events of two
 * writes may be handled in either order, and the last delivery still hands over the last write.
 */
@Component(
    service = {ConfigDelivery.class, EventHandler.class},
    property = EventConstants.EVENT_TOPIC + "=" + ConfigAdminDelivery.CHANGED_TOPIC)
public final class ConfigAdminDelivery implements ConfigDelivery, EventHandler {

  /** ConfigAdmin PID prefix: the plugin's DS components name {@code tyrum.plugin.<id>}. */
  public static final String PID_PREFIX = ManifestValidator.CONFIG_PID_PREFIX;
  /** The configuration property that holds the whole effective config as JSON. */
  public static final String JSON_PROPERTY = "tyrum.config.json";
  /** The EventAdmin topic of {@code plugin.config.changed}. */
  static final String CHANGED_TOPIC = "tyrum/plugin/config/changed";

  private static final System.Logger LOG = System.getLogger(ConfigAdminDelivery.class.getName());

  private final StoredConfigs configs;
  private final Plugins plugins;
  private final BundleContext context;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private volatile ConfigurationAdmin configAdmin;

  @Activate
  public ConfigAdminDelivery(@Reference StoredConfigs configs, @Reference Plugins plugins, BundleContext context) {
    this.configs = configs;
    this.plugins = plugins;
    this.context = context;
  }

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  void setConfigAdmin(ConfigurationAdmin admin) {
    configAdmin = admin;
    deliverAll(); // ConfigAdmin came after the plugins were read
  }

  void unsetConfigAdmin(ConfigurationAdmin admin) {
    if (configAdmin == admin) {
      configAdmin = null;
    }
  }

  @Override
  public void deliver(Bundle bundle, ValidatedPlugin plugin) {
    if (!plugin.manifest().readsConfig()) {
      // no component of it names the PID: a configuration nobody reads would only lengthen every
      // component's configuration lookup, which scans all configurations
      return;
    }
    String id = plugin.manifest().id();
    synchronized (locks.computeIfAbsent(id, k -> new Object())) {
      Optional<ObjectNode> effective = configs.effective(plugin);
      if (effective.isEmpty()) {
        LOG.log(System.Logger.Level.WARNING, "config of plugin " + id + " not delivered: it cannot be read");
        return;
      }
      hand(bundle, id, effective.get());
    }
  }

  /** A write changed a plugin's config: hand it to every bundle of that plugin that may run. */
  @Override
  public void handleEvent(Event event) {
    if (event.getProperty("plugin") instanceof Map<?, ?> plugin && plugin.get("id") instanceof String id) {
      plugins.plugins().stream().filter(p -> p.id().equals(id)).forEach(this::deliver);
    }
  }

  private void deliverAll() {
    plugins.plugins().forEach(this::deliver);
  }

  private void deliver(PluginRecord plugin) {
    Bundle bundle = context.getBundle(plugin.bundleId());
    if (plugin.manifest().isEmpty() || plugin.state() == PluginState.failed || bundle == null) {
      return; // a refused plugin gets its config once a fixed one lets the extender accept it
    }
    deliver(bundle, new ValidatedPlugin(plugin.manifest().get(), plugin.schemas()));
  }

  private void hand(Bundle bundle, String id, ObjectNode effective) {
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
    } catch (IOException | RuntimeException e) {
      // a delivery that fails leaves this plugin without its config; it never fails the caller (the
      // extender, at start, reading every plugin)
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
      // Number.doubleValue, never JsonNode.doubleValue, which throws beyond the double range
      return node.numberValue().doubleValue();
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
