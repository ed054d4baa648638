package ai.tyrum.gateway.itest.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.FakeToolPolicy;
import ai.tyrum.gateway.itest.GatewayFramework;
import ai.tyrum.gateway.itest.HttpResult;
import ai.tyrum.gateway.spi.ToolPolicy;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

/**
 * The web console's files at {@code /ui}, served by bundle gateway.webconsole from a servlet context of its
 * own beside the API's: the page needs no token, carries a strict content security policy, and takes
 * nothing but GET and HEAD; the API around it keeps asking for a token on every route.
 */
class WebConsoleContextIT {

  private static GatewayFramework gateway;

  @BeforeAll
  static void start() {
    gateway = GatewayFramework.builder()
        .service(ToolPolicy.class, FakeToolPolicy.allowingAll())
        .token("reader", "operator.read")
        .plugin("echo")
        .start();
    gateway.awaitPluginState("echo", "loaded");
  }

  @AfterAll
  static void stop() {
    gateway.close();
  }

  @Test
  void consoleBundleIsPartOfTheGatewaysOwnRunSetAndNotAPlugin() {
    Bundle console = Arrays.stream(gateway.context().getBundles())
        .filter(b -> "gateway.webconsole".equals(b.getSymbolicName()))
        .findFirst().orElseThrow();
    assertThat(console.getState()).isEqualTo(Bundle.ACTIVE);
    assertThat(console.getLocation()).startsWith("tyrum:bundles/");
    assertThat(gateway.http().get("/plugins").assertStatus(200).json().toString()).doesNotContain("webconsole");
  }

  @Test
  void uiRedirectsToTheFolderSoThatThePagesRelativeLinksResolve() {
    HttpResult bare = gateway.http().withoutToken().get("/ui");
    assertThat(bare.status()).isEqualTo(302);
    assertThat(bare.headers().firstValue("Location")).hasValue("/ui/");
  }

  @Test
  void thePageNeedsNoTokenAndCarriesAStrictPolicy() {
    HttpResult page = gateway.http().withoutToken().get("/ui/").assertStatus(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
            "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    // one module script of its own, no inline script, nothing from another origin
    assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>")
        .doesNotContainPattern("<script>|<script [^>]*>[^<]")
        .doesNotContain("http://").doesNotContain("https://").doesNotContain(" style=");
  }

  @Test
  void scriptsAndStylesAreServedWithTheirTypesAndNeverParseDataAsHtml() {
    for (String script : new String[] {"app", "api", "dom", "schema-form", "plugins", "catalogue", "tools", "approvals", "audit", "tokens", "status"}) {
      HttpResult file = gateway.http().withoutToken().get("/ui/js/" + script + ".js").assertStatus(200);
      assertThat(file.headers().firstValue("Content-Type").orElseThrow()).as(script).startsWith("text/javascript");
      assertThat(file.headers().firstValue("Content-Security-Policy")).as(script).isPresent();
      assertThat(file.body()).as(script).doesNotContain("innerHTML").doesNotContain("outerHTML")
          .doesNotContain("insertAdjacentHTML").doesNotContain("eval(").doesNotContain("localStorage");
    }
    HttpResult css = gateway.http().withoutToken().get("/ui/console.css").assertStatus(200);
    assertThat(css.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/css");
  }

  @Test
  void aPathThatNamesNoFileIsNotFoundInTheApisErrorShape() {
    for (String path : new String[] {"/ui/nothing.js", "/ui/OSGI-INF/x.xml", "/ui/META-INF/MANIFEST.MF",
        "/ui/ai/tyrum/gateway/webconsole/ConsoleServlet.class", "/ui/webconsole/index.html"}) {
      HttpResult missing = gateway.http().withoutToken().get(path);
      assertThat(missing.status()).as(path).isEqualTo(404);
      assertThat(missing.errorCode()).as(path).isEqualTo("not_found");
    }
  }

  @Test
  void onlyGetAndHeadAreAnswered() {
    HttpResult post = gateway.http().withoutToken().post("/ui/", "{\"token\":\"x\"}");
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.errorCode()).isEqualTo("method_not_allowed");
    assertThat(post.headers().firstValue("Allow")).hasValue("GET, HEAD");
    HttpResult head = gateway.http().withoutToken().send("HEAD", "/ui/", null);
    assertThat(head.status()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void theApiAroundTheConsoleStillAsksForAToken() {
    assertThat(gateway.http().withoutToken().get("/plugins").status()).isEqualTo(401);
    assertThat(gateway.http().withoutToken().get("/uix").errorCode()).isEqualTo("not_found");
    assertThat(gateway.http().withoutToken().get("/ui-plugins").errorCode()).isEqualTo("not_found");
    gateway.http().withToken(gateway.token("reader")).get("/plugins").assertStatus(200);
  }
}
