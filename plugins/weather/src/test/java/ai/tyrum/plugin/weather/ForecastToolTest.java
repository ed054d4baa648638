package ai.tyrum.plugin.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.tyrum.gateway.api.Egress;
import ai.tyrum.gateway.api.EgressRequest;
import ai.tyrum.gateway.api.PluginException;
import ai.tyrum.gateway.api.ToolCall;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ForecastToolTest {

  private static final String KEY = "k-7f3a9c";
  private static final String OSLO = "{\"city\":\"Oslo\",\"temperature_c\":4.5,\"conditions\":\"light rain\"}";

  private final List<String> paths = new CopyOnWriteArrayList<>();
  private final List<String> authorizations = new CopyOnWriteArrayList<>();
  private final JdkEgress egress = new JdkEgress();
  private final MapSecrets secrets = new MapSecrets(Map.of("weather/api_key", KEY));
  private HttpServer api;
  private volatile int status = 200;
  private volatile String answer = OSLO;

  @BeforeEach
  void startApi() throws IOException {
    api = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
    api.createContext("/", this::answer);
    api.start();
  }

  @AfterEach
  void stopApi() {
    api.stop(0);
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      paths.add(exchange.getRequestURI().getRawPath() + "?" + exchange.getRequestURI().getRawQuery());
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("authorization")));
      byte[] body = answer.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, body.length);
      exchange.getResponseBody().write(body);
    }
  }

  private String apiUrl(String path) {
    return "http://127.0.0.1:" + api.getAddress().getPort() + path;
  }

  private static ForecastTool.Config baseUrl(String value) {
    return new ForecastTool.Config() {
      @Override
      public String base__url() {
        return value;
      }

      @Override
      public Class<? extends java.lang.annotation.Annotation> annotationType() {
        return ForecastTool.Config.class;
      }
    };
  }

  private ForecastTool tool(Egress egress) {
    return new ForecastTool(egress, secrets, baseUrl(apiUrl("")));
  }

  private static ToolCall forecastFor(String city) {
    return new ToolCall("plugin.weather.forecast", "default", Map.of("city", city));
  }

  @Test
  void forecastComesFromTheApiAskedWithTheKeyAsBearerToken() {
    var result = tool(egress).invoke(forecastFor("Oslo"));

    assertThat(result.output()).isEqualTo(Map.of("city", "Oslo", "temperature_c", 4.5, "conditions", "light rain"));
    assertThat(paths).containsExactly("/v1/forecast?city=Oslo");
    assertThat(authorizations).containsExactly("Bearer " + KEY);
    assertThat(egress.sent()).singleElement().satisfies(request -> assertThat(request.method()).isEqualTo("GET"));
  }

  @Test
  void cityIsEncodedIntoTheQuery() {
    tool(egress).invoke(forecastFor("São Paulo & co"));

    assertThat(paths).singleElement().satisfies(path -> {
      assertThat(path).startsWith("/v1/forecast?city=").doesNotContain(" ", "&co");
      assertThat(URLDecoder.decode(path.substring(path.indexOf('=') + 1), StandardCharsets.UTF_8)).isEqualTo("São Paulo & co");
    });
  }

  @Test
  void baseUrlFromConfigKeepsItsPathAndLosesItsTrailingSlash() {
    ForecastTool tool = tool(egress);
    tool.modified(baseUrl(apiUrl("/weather/")));

    tool.invoke(forecastFor("Oslo"));

    assertThat(paths).containsExactly("/weather/v1/forecast?city=Oslo");
  }

  @Test
  void withoutConfigItAsksTheDefaultBaseUrl() {
    List<EgressRequest> asked = new CopyOnWriteArrayList<>();
    Egress recording = request -> {
      asked.add(request);
      throw new PluginException("permission_denied", "not in this test");
    };
    // the config as DS hands it over when the plugin has none: every member at its default
    ForecastTool.Config none = (ForecastTool.Config) Proxy.newProxyInstance(ForecastTool.Config.class.getClassLoader(),
        new Class<?>[] {ForecastTool.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    ForecastTool tool = new ForecastTool(recording, secrets, none);

    assertThatThrownBy(() -> tool.invoke(forecastFor("Oslo"))).isInstanceOf(PluginException.class);
    assertThat(asked).singleElement().satisfies(request ->
        assertThat(request.uri().toString()).isEqualTo("https://api.weather.example/v1/forecast?city=Oslo"));
  }

  @Test
  void refusedKeyIsWeatherApiRefusedAndTheMessageSaysHowToSetIt() {
    status = 401;
    answer = "{\"error\":\"bad key " + KEY + "\"}";

    assertThatThrownBy(() -> tool(egress).invoke(forecastFor("Oslo")))
        .isInstanceOf(PluginException.class)
        .satisfies(e -> assertThat(((PluginException) e).code()).isEqualTo("weather_api_refused"))
        .hasMessageContaining("secret:set weather api_key")
        .hasMessageNotContaining(KEY);
  }

  @Test
  void serverErrorIsWeatherApiFailed() {
    status = 503;

    assertThatThrownBy(() -> tool(egress).invoke(forecastFor("Oslo")))
        .satisfies(e -> assertThat(((PluginException) e).code()).isEqualTo("weather_api_failed"))
        .hasMessageContaining("503");
  }

  @Test
  void answerThatIsNotAForecastIsWeatherApiFailedWithoutQuotingIt() {
    for (String notAForecast : List.of("<html>" + KEY + "</html>", "{\"city\":\"Oslo\"}", "{\"city\":\"Oslo\",\"temperature_c\":\"" + KEY + "\",\"conditions\":\"x\"}")) {
      answer = notAForecast;

      assertThatThrownBy(() -> tool(egress).invoke(forecastFor("Oslo")))
          .as(notAForecast)
          .satisfies(e -> assertThat(((PluginException) e).code()).isEqualTo("weather_api_failed"))
          .hasMessageNotContaining(KEY);
    }
  }

  @Test
  void refusalOfEgressOrSecretsReachesTheCallerAsItIs() {
    Egress refusing = request -> {
      throw new PluginException("permission_denied", "no grant");
    };
    assertThatThrownBy(() -> tool(refusing).invoke(forecastFor("Oslo")))
        .satisfies(e -> assertThat(((PluginException) e).code()).isEqualTo("permission_denied"));

    ForecastTool withoutKey = new ForecastTool(egress, new MapSecrets(Map.of()), baseUrl(apiUrl("")));
    assertThatThrownBy(() -> withoutKey.invoke(forecastFor("Oslo")))
        .satisfies(e -> assertThat(((PluginException) e).code()).isEqualTo("secret_not_found"));
    assertThat(paths).isEmpty();
  }
}
