package ai.tyrum.plugin.weather;

import ai.tyrum.gateway.api.Plugin;
import ai.tyrum.gateway.api.RequestPermission;

/**
 * The weather plugin's identity and the permissions it asks for: its {@code tyrum.plugin} and
 * {@code tyrum.permission} capabilities. The operator grants both, defines the egress class in policy and
 * sets the key with {@code secret:set weather api_key KEY}.
 */
@Plugin(
    id = WeatherPlugin.ID,
    name = "Weather",
    description = "Forecasts for a city from a weather API with an API key the operator sets.",
    configSchema = "schemas/config.json")
@RequestPermission(
    plugin = WeatherPlugin.ID,
    permission = "network.egress",
    target = "class:" + WeatherPlugin.EGRESS_CLASS,
    reason = "Asks the weather API for forecasts")
@RequestPermission(
    plugin = WeatherPlugin.ID,
    permission = "secrets.read",
    target = WeatherPlugin.SECRET_SCOPE,
    reason = "Sends the weather API key the operator sets (secret api_key) with each request")
final class WeatherPlugin {

  /** The plugin id: tools become {@code plugin.weather.<name>}. */
  static final String ID = "weather";

  /** The ConfigAdmin PID under which the gateway delivers this plugin's config. */
  static final String CONFIG_PID = "tyrum.plugin." + ID;

  /** The egress class policy maps to the weather API's endpoints. */
  static final String EGRESS_CLASS = "weather-api";

  /** The scope of the secrets the plugin reads, and the name of its API key there. */
  static final String SECRET_SCOPE = "weather";
  static final String API_KEY = "api_key";

  private WeatherPlugin() {}
}
