package ai.tyrum.plugin.weather;

import ai.tyrum.gateway.api.Effect;
import ai.tyrum.gateway.api.Egress;
import ai.tyrum.gateway.api.EgressRequest;
import ai.tyrum.gateway.api.EgressResponse;
import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.ProvideTool;
import ai.tyrum.gateway.api.Secrets;
import ai.tyrum.gateway.api.Tool;
import ai.tyrum.gateway.api.ToolCall;
import ai.tyrum.gateway.api.ToolResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tool {@code plugin.weather.forecast}: asks the weather API at the configured {@code base_url} for
 * {@code GET /v1/forecast?city=...} with the operator's key as a bearer token, and answers with the
 * forecast. The plugin never opens a connection or reads a secret itself: {@link Egress} checks the
 * request against its grant, and {@link Secrets} hands out the key only inside the call, which the gateway
 * then redacts from the output.
 */
@ProvideTool(
    plugin = WeatherPlugin.ID,
    name = "forecast",
    effect = Effect.read_only,
    inputSchema = "schemas/forecast.input.json",
    outputSchema = "schemas/forecast.output.json",
    description = "The weather forecast for a city: temperature in degrees Celsius and conditions.")
@Component(service = Tool.class, configurationPid = WeatherPlugin.CONFIG_PID)
public class ForecastTool implements Tool {

  /** The part of the plugin's config this component reads (schemas/config.json). */
  @interface Config {
    /** Config field {@code base_url}: a double underscore stands for one in a property name (DS 1.4, 112.8.2.2). */
    String base__url() default "https://api.weather.example";
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Egress egress;
  private final Secrets secrets;
  private volatile String baseUrl;

  @Activate
  public ForecastTool(@Reference Egress egress, @Reference Secrets secrets, Config config) {
    this.egress = egress;
    this.secrets = secrets;
    this.baseUrl = config.base__url();
  }

  @Modified
  void modified(Config config) {
    baseUrl = config.base__url();
  }

  @Override
  public ToolResult invoke(ToolCall call) {
    String city = call.string("city");
    String key = secrets.read(WeatherPlugin.SECRET_SCOPE, WeatherPlugin.API_KEY);
    EgressResponse response = egress.send(EgressRequest.get(forecastUrl(baseUrl, city))
        .header("accept", "application/json")
        .header("authorization", "Bearer " + key));
    if (response.status() == 401 || response.status() == 403) {
      throw new PluginException("weather_api_refused", "the weather API refused the key (HTTP " + response.status()
          + "); set the right one with secret:set " + WeatherPlugin.SECRET_SCOPE + " " + WeatherPlugin.API_KEY + " KEY");
    }
    if (response.status() != 200) {
      throw new PluginException("weather_api_failed", "the weather API answered HTTP " + response.status() + " for " + city);
    }
    return ToolResult.of(forecast(response.body()));
  }

  /** {@code base} without its trailing slashes, then {@code /v1/forecast?city=} and the city, encoded. */
  static String forecastUrl(String base, String city) {
    String root = base;
    while (root.endsWith("/")) {
      root = root.substring(0, root.length() - 1);
    }
    return root + "/v1/forecast?city=" + URLEncoder.encode(city, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The tool's output from the API's answer, {@code {"city","temperature_c","conditions"}}. */
  private static Map<String, Object> forecast(byte[] body) {
    JsonNode answer;
    try {
      answer = JSON.readTree(body);
    } catch (JacksonException e) {
      throw notAForecast();
    }
    JsonNode city = answer.path("city");
    JsonNode temperature = answer.path("temperature_c");
    JsonNode conditions = answer.path("conditions");
    if (!city.isString() || !temperature.isNumber() || !conditions.isString()) {
      throw notAForecast();
    }
    Map<String, Object> forecast = new LinkedHashMap<>();
    forecast.put("city", city.asString());
    forecast.put("temperature_c", temperature.doubleValue());
    forecast.put("conditions", conditions.asString());
    return forecast;
  }

  private static PluginException notAForecast() {
    // the answer itself is not quoted: a server may echo what it was sent, the key included
    return new PluginException("weather_api_failed", "the weather API answered with something that is not a forecast"
        + " ({\"city\":string,\"temperature_c\":number,\"conditions\":string})");
  }
}
