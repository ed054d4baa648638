package ai.tyrum.gateway.itest.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Browser;
import ai.tyrum.gateway.itest.GatewayFramework;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web console's config form (js/schema-form.js), run in the browser on the console's own page: which
 * input each kind of schema gets, what a filled form sends, that write-only fields are never filled and
 * are sent only when typed (or as the mask that keeps the stored value), that what the form cannot render
 * is edited as JSON, and where each of the gateway's invalid_config details is shown.
 */
class SchemaFormIT {

  private static final JsonMapper JSON = JsonMapper.shared();

  private static final String SCHEMA = """
      {"type":"object","additionalProperties":false,"required":["name"],
       "$defs":{"port":{"type":"integer","minimum":1,"maximum":65535}},
       "properties":{
         "name":{"type":"string","title":"Name","maxLength":20},
         "mode":{"type":"string","enum":["fast","safe"]},
         "verbose":{"type":"boolean"},
         "port":{"$ref":"#/$defs/port"},
         "ratio":{"type":"number"},
         "hosts":{"type":"array","items":{"type":"string"}},
         "limits":{"type":"object","properties":{"calls":{"type":"integer"},"token":{"type":"string","writeOnly":true}}},
         "shape":{"oneOf":[{"type":"string"},{"type":"integer"}]},
         "secret":{"type":"string","writeOnly":true}
       }}""";

  private static GatewayFramework gateway;
  private static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    gateway = GatewayFramework.start();
    browser = Browser.start(1280, 800);
    browser.open(gateway.url().resolve("/ui/").toString());
    browser.await(By.id("token"));
  }

  @AfterAll
  static void stop() {
    try {
      browser.close();
    } finally {
      gateway.close();
    }
  }

  /** Renders the form for SCHEMA holding {@code config} into the page, as window.form. */
  private static void render(String config) {
    Object done = browser.driver.executeAsyncScript("""
        const [schema, config, callback] = [JSON.parse(arguments[0]), JSON.parse(arguments[1]), arguments[arguments.length - 1]];
        import('./js/schema-form.js').then((module) => {
          window.form = module.schemaForm(schema, config, 'test');
          const holder = document.createElement('form');
          holder.id = 'holder';
          holder.append(window.form.element);
          document.getElementById('main').replaceChildren(holder);
          callback('rendered');
        }, (e) => callback(String(e)));
        """, SCHEMA, config);
    assertThat(done).isEqualTo("rendered");
  }

  private static JsonNode collect() {
    Object collected = browser.js("return JSON.stringify(window.form.collect())");
    return JSON.readTree((String) collected);
  }

  private static WebElement field(String id) {
    return browser.find(By.id("test-field" + id));
  }

  @Test
  void eachKindOfSchemaGetsItsInputFilledFromTheConfig() {
    render("""
        {"name":"gw","mode":"safe","verbose":true,"port":8080,"ratio":0.5,"hosts":["a.example","b.example"],
         "limits":{"calls":3,"token":"********"},"shape":7,"secret":"********"}""");

    assertThat(field("_name").getAttribute("value")).isEqualTo("gw");
    assertThat(field("_name").getTagName()).isEqualTo("input");
    assertThat(browser.find(By.cssSelector("label[for='test-field_name']")).getText()).contains("Name").contains("required");
    assertThat(field("_mode").getTagName()).isEqualTo("select");
    assertThat(field("_verbose").getTagName()).isEqualTo("select");
    assertThat(field("_port").getAttribute("value")).isEqualTo("8080");
    assertThat(browser.find(By.id("test-field_port-hint")).getText()).contains("at least 1").contains("at most 65535");
    assertThat(field("_hosts").getTagName()).isEqualTo("textarea");
    assertThat(field("_hosts").getAttribute("value")).isEqualTo("a.example\nb.example");
    assertThat(field("_limits_calls").getAttribute("value")).isEqualTo("3");
    assertThat(field("_shape").getAttribute("class")).contains("json");
    assertThat(field("_shape").getAttribute("value")).isEqualTo("7");
    for (String secret : List.of("_secret", "_limits_token")) {
      assertThat(field(secret).getAttribute("type")).isEqualTo("password");
      assertThat(field(secret).getAttribute("value")).isEmpty();
    }
    assertThat(browser.find(By.id("main")).getText()).doesNotContain("********");
  }

  @Test
  void anUntouchedFormSendsTheConfigBackWithTheMaskThatKeepsEachStoredSecret() {
    String config = """
        {"name":"gw","mode":"safe","verbose":true,"port":8080,"ratio":0.5,"hosts":["a.example","b.example"],
         "limits":{"calls":3,"token":"********"},"shape":7,"secret":"********"}""";
    render(config);
    JsonNode collected = collect();
    assertThat(collected.path("problems").isEmpty()).isTrue();
    assertThat(collected.path("value")).isEqualTo(JSON.readTree(config));
  }

  @Test
  void typedValuesAreSentAsTheSchemasTypesAndAnUnsetSecretIsLeftOut() {
    render("{\"name\":\"gw\"}");
    field("_port").sendKeys("443");
    field("_ratio").sendKeys("1.5");
    field("_hosts").sendKeys("x.example\n\n y.example ");
    field("_secret").sendKeys("s3cret");
    browser.js("document.getElementById('test-field_verbose').value = 'false'");
    browser.js("document.getElementById('test-field_mode').value = '0'");
    field("_shape").sendKeys("{\"a\":1}");

    JsonNode value = collect().path("value");
    assertThat(value).isEqualTo(JSON.readTree("""
        {"name":"gw","mode":"fast","verbose":false,"port":443,"ratio":1.5,"hosts":["x.example","y.example"],
         "shape":{"a":1},"secret":"s3cret"}"""));
  }

  @Test
  void aNumberThatDoesNotReadAsOneIsSentAsTypedForTheGatewayToRefuse() {
    render("{\"name\":\"gw\"}");
    field("_port").sendKeys("eighty");
    assertThat(collect().path("value").path("port").asString()).isEqualTo("eighty");
  }

  @Test
  void jsonThatDoesNotParseIsShownAtItsFieldAndNothingIsSent() {
    render("{\"name\":\"gw\"}");
    field("_shape").sendKeys("{not json");
    JsonNode collected = collect();
    assertThat(collected.path("value").isMissingNode() || collected.path("value").isNull()).isTrue();
    assertThat(collected.path("problems").get(0).get(0).asString()).isEqualTo("/shape");
    browser.js("window.form.showProblems(arguments[0])", List.of(List.of("/shape", "not JSON")));
    assertThat(browser.find(By.id("test-field_shape-error")).getText()).contains("not JSON");
  }

  @Test
  void theGatewaysDetailsAreShownAtTheFieldsTheirPointersName() {
    render("{\"name\":\"gw\"}");
    browser.js("window.form.showErrors(arguments[0])", List.of(
        "/port (maximum): must have a maximum value of 65535",
        "/limits/calls (type): string found, integer expected",
        "/hosts/1 (format): not a host name",
        "/limits/x (additionalProperties): property 'x' is not defined in the schema",
        "/ (required): required property 'name' not found",
        "/extra (additionalProperties): property 'extra' is not defined in the schema and the schema does not allow additional properties"));

    assertThat(browser.find(By.id("test-field_port-error")).getText()).contains("maximum value of 65535");
    assertThat(field("_port").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(field("_port").getAttribute("aria-describedby")).contains("test-field_port-error");
    assertThat(browser.find(By.id("test-field_limits_calls-error")).getText()).contains("integer expected");
    assertThat(browser.find(By.id("test-field_hosts-error")).getText()).contains("not a host name");
    assertThat(browser.find(By.id("test-field_limits-error")).getText()).contains("property 'x'");
    assertThat(browser.find(By.id("test-field_name-error")).getText()).contains("required property 'name'");
    assertThat(browser.find(By.id("test-form-errors")).getText()).contains("property 'extra'");
    // the first invalid field takes the focus, for a keyboard user to fix it
    assertThat(browser.js("return document.activeElement.id")).isEqualTo("test-field_name");

    browser.js("window.form.clearErrors()");
    assertThat(browser.find(By.id("test-field_port-error")).isDisplayed()).isFalse();
    assertThat(field("_port").getAttribute("aria-invalid")).isNull();
  }

  @Test
  void aSchemaTheFormCannotRenderIsEditedWholeAsJson() {
    Object done = browser.driver.executeAsyncScript("""
        const callback = arguments[arguments.length - 1];
        import('./js/schema-form.js').then((module) => {
          window.form = module.schemaForm({"anyOf":[{"type":"object"},{"type":"array"}]}, {"k":[1,2]}, 'whole');
          document.getElementById('main').replaceChildren(window.form.element);
          callback(JSON.stringify(window.form.collect()));
        });
        """);
    assertThat(JSON.readTree((String) done).path("value")).isEqualTo(JSON.readTree("{\"k\":[1,2]}"));
    assertThat(browser.find(By.id("whole-field-root")).getTagName()).isEqualTo("textarea");
  }
}
