package ai.tyrum.gateway.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Browser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The web console at {@code /ui} (issue 14, part 2), end to end: a real gateway with the bundled catalog and
 * the example plugins, and Debian's Chromium driving the console as an operator would, keyboard included.
 * Every step checks its effect through the HTTP API or the data dir, not only on the page, and keeps a
 * screenshot of the page under target/browser-screenshots/ (1280×800, then each page at 400 px wide).
 * Which files the console serves, and with which headers, is WebConsoleContextIT's.
 * The steps build on each other, in order, on one gateway and one browser.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebConsoleIT {

  private static final String ECHO = "/tools/plugin.echo.echo/invoke";
  private static final List<String> PAGES = List.of("plugins", "catalogue", "tools", "approvals", "audit", "tokens", "status");

  private static TestGateway gateway;
  private static Browser browser;
  private static String console;

  @BeforeAll
  static void start() throws Exception {
    gateway = TestGateway.start();
    TestGateway.await("echo and notes are loaded",
        () -> gateway.pluginState("echo").equals("loaded") && gateway.pluginState("notes").equals("loaded"));
    console = gateway.gateway.url().resolve("/ui/").toString();
    browser = Browser.start(1280, 800);
    browser.viewport(1280, 800);
  }

  @AfterAll
  static void stop() {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (gateway != null) {
        gateway.close();
      }
    }
  }

  @Test
  @Order(2)
  void signInRefusesAWrongTokenAndKeepsTheRightOneOutOfTheUrl() {
    browser.open(console);
    browser.await(By.id("token")).sendKeys("tyr_not-a-token", Keys.ENTER);
    browser.awaitText(By.id("token-refusal"), "unauthenticated");
    assertThat(browser.find(By.id("nav")).isDisplayed()).isFalse();
    browser.screenshot("01-sign-in-refused");

    browser.find(By.id("token")).sendKeys(gateway.token, Keys.ENTER);
    browser.awaitPage("plugins");
    assertThat(browser.driver.getCurrentUrl()).doesNotContain(gateway.token);
    assertThat(browser.js("return sessionStorage.getItem('tyrum.console.token')")).isEqualTo(gateway.token);
    assertThat(browser.js("return localStorage.length")).isEqualTo(0L);
  }

  @Test
  @Order(3)
  void pluginsShowStateVersionSourceKeyAndDigest() throws Exception {
    browser.open(console + "#/plugins");
    browser.awaitPage("plugins");
    for (JsonNode plugin : gateway.get("/plugins").assertStatus(200).body().path("plugins")) {
      WebElement row = browser.find(By.cssSelector("#plugins-table tr[data-plugin='" + plugin.path("id").asString() + "']"));
      assertThat(row.getText())
          .contains(plugin.path("version").asString(), plugin.path("state").asString(), plugin.path("source").path("key_id").asString())
          .contains(plugin.path("integrity_sha256").asString().substring(0, 12));
    }
    browser.screenshot("02-plugins");

    browser.find(By.linkText("notes")).click();
    browser.await(By.id("permissions-table"));
    JsonNode notes = gateway.get("/plugins/notes").assertStatus(200).body();
    assertThat(browser.find(By.tagName("main")).getText())
        .contains(notes.path("integrity_sha256").asString())
        .contains(notes.path("source").path("location").asString())
        .contains("Keeps notes in its private store");
    WebElement permission = browser.find(By.cssSelector("#permissions-table tbody tr"));
    assertThat(permission.getText()).contains("db:plugin").contains("yes").contains("granted");
    browser.screenshot("03-plugin-notes");
  }

  @Test
  @Order(4)
  void installsNotesFromTheCatalogueThroughThePermissionReview() throws Exception {
    browser.open(console + "#/plugins/notes");
    browser.awaitPage("plugins");
    browser.await(By.id("uninstall")).click();
    browser.await(By.id("uninstall-confirm-button")).click();
    browser.until("notes is uninstalled", () -> gateway.pluginState("notes").equals("absent"));
    browser.awaitText(By.id("message"), "notes uninstalled");

    browser.find(By.linkText("Catalogue")).click();
    browser.awaitPage("catalogue");
    browser.await(By.id("review-notes")).click();
    browser.awaitPage("catalogue");
    WebElement grant = browser.await(By.cssSelector("input[data-permission='db:plugin']"));
    assertThat(grant.isSelected()).isFalse();
    assertThat(browser.find(By.cssSelector("label[for='" + grant.getAttribute("id") + "']")).getText())
        .contains("db:plugin").contains("Keeps notes in its private store");
    browser.screenshot("04-permission-review");

    grant.sendKeys(Keys.SPACE); // the keyboard, as an operator without a mouse would
    assertThat(grant.isSelected()).isTrue();
    browser.find(By.id("install-button")).click();
    browser.awaitText(By.id("install-result"), "loaded");
    browser.screenshot("05-installed");

    assertThat(gateway.pluginState("notes")).isEqualTo("loaded");
    JsonNode notes = gateway.get("/plugins/notes").assertStatus(200).body();
    assertThat(notes.path("granted").toString()).contains("db:plugin");
    assertThat(notes.path("lock").path("approved_by").toString()).contains("token:");
  }

  @Test
  @Order(5)
  void revokeGrantDisableAndEnableFromThePluginsPage() throws Exception {
    browser.open(console + "#/plugins/notes");
    browser.await(By.cssSelector("button[data-revoke='db:plugin']")).click();
    browser.await(By.cssSelector("button[data-grant='db:plugin']"));
    assertThat(gateway.get("/plugins/notes").assertStatus(200).body().path("granted").toString()).doesNotContain("db:plugin");
    assertThat(gateway.pluginState("notes")).isNotEqualTo("loaded");
    assertThat(browser.find(By.id("plugin-state")).getText()).doesNotContain("loaded");

    browser.find(By.cssSelector("button[data-grant='db:plugin']")).click();
    browser.await(By.cssSelector("button[data-revoke='db:plugin']"));
    browser.until("notes is loaded again", () -> gateway.pluginState("notes").equals("loaded"));

    browser.open(console + "#/plugins/notes");
    browser.await(By.id("disable")).click();
    browser.await(By.id("enable"));
    assertThat(gateway.pluginState("notes")).isEqualTo("disabled");
    assertThat(browser.find(By.id("plugin-state")).getText()).contains("disabled");
    browser.find(By.id("enable")).click();
    browser.await(By.id("disable"));
    browser.until("notes is loaded again", () -> gateway.pluginState("notes").equals("loaded"));
  }

  @Test
  @Order(6)
  void configFormShowsTheServersErrorAtItsFieldAndChangesNothing() throws Exception {
    browser.open(console + "#/plugins/notes");
    browser.awaitPage("plugins");
    WebElement maxNotes = browser.await(By.id("config-field_max_notes"));
    assertThat(maxNotes.getAttribute("value")).isEqualTo("100");
    maxNotes.clear();
    maxNotes.sendKeys("0");
    browser.find(By.id("config-save")).click();

    WebElement error = browser.await(By.id("config-field_max_notes-error"));
    assertThat(error.getText()).contains("minimum");
    assertThat(maxNotes.getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(maxNotes.getAttribute("aria-describedby")).contains("config-field_max_notes-error");
    browser.awaitText(By.id("config-result"), "invalid_config");
    browser.screenshot("06-config-field-error");
    assertThat(gateway.get("/plugins/notes/config").assertStatus(200).body().path("max_notes").asInt()).isEqualTo(100);

    maxNotes.clear();
    maxNotes.sendKeys("50");
    browser.find(By.id("config-save")).click();
    browser.awaitText(By.id("config-result"), "Saved");
    browser.awaitGone(By.id("config-field_max_notes-error"));
    assertThat(gateway.get("/plugins/notes/config").assertStatus(200).body().path("max_notes").asInt()).isEqualTo(50);
  }

  @Test
  @Order(7)
  void echosConfigFormSavesAValidValueAndKeepsTheSecretWriteOnly() throws Exception {
    browser.open(console + "#/plugins/echo");
    browser.awaitPage("plugins");
    WebElement greeting = browser.await(By.id("config-field_greeting"));
    WebElement apiKey = browser.find(By.id("config-field_api_key"));
    assertThat(apiKey.getAttribute("type")).isEqualTo("password");
    greeting.clear();
    greeting.sendKeys("bonjour");
    apiKey.sendKeys("sk-console-secret");
    browser.find(By.id("config-save")).click();
    browser.awaitText(By.id("config-result"), "Saved");

    JsonNode stored = gateway.get("/plugins/echo/config").assertStatus(200).body();
    assertThat(stored.path("greeting").asString()).isEqualTo("bonjour");
    assertThat(stored.path("api_key").asString()).isEqualTo("********");
    assertThat(Files.readString(gateway.data.resolve("config/echo.json"))).contains("sk-console-secret");

    // shown again: the secret is never filled in, and a save that leaves it empty keeps it
    browser.open(console + "#/plugins/notes");
    browser.awaitPage("plugins");
    browser.open(console + "#/plugins/echo");
    browser.awaitPage("plugins");
    apiKey = browser.await(By.id("config-field_api_key"));
    assertThat(apiKey.getAttribute("value")).isEmpty();
    assertThat(browser.find(By.tagName("body")).getText()).doesNotContain("sk-console-secret");
    greeting = browser.find(By.id("config-field_greeting"));
    greeting.clear();
    greeting.sendKeys("salut");
    browser.find(By.id("config-save")).click();
    browser.awaitText(By.id("config-result"), "Saved");
    browser.screenshot("07-config-echo");
    assertThat(gateway.get("/plugins/echo/config").assertStatus(200).body().path("greeting").asString()).isEqualTo("salut");
    assertThat(Files.readString(gateway.data.resolve("config/echo.json"))).contains("sk-console-secret");
  }

  @Test
  @Order(8)
  void approvesAPendingCallFromTheApprovalsPage() throws Exception {
    Files.writeString(gateway.data.resolve("policy/deployment.yml"), "tools:\n  require_approval: [\"plugin.echo.*\"]\n");
    gateway.shell("policy:reload");
    String input = "{\"agent\":\"default\",\"input\":{\"text\":\"approved in the console\"}}";
    String approval = gateway.post(ECHO, input).assertStatus(202).body().path("approval").path("id").asString();

    browser.find(By.linkText("Approvals")).click();
    browser.awaitPage("approvals");
    WebElement row = browser.await(By.cssSelector("#pending-approvals tr[data-approval='" + approval + "']"));
    assertThat(row.getText()).contains("plugin.echo.echo").contains("default");
    browser.screenshot("08-approvals-pending");
    row.findElement(By.cssSelector("button[data-approve='" + approval + "']")).click();
    browser.await(By.cssSelector("#settled-approvals tr[data-approval='" + approval + "']"));
    assertThat(browser.find(By.cssSelector("#settled-approvals tr[data-approval='" + approval + "']")).getText()).contains("approved");
    browser.awaitText(By.id("message"), "approved");
    browser.screenshot("09-approvals-decided");

    String withApproval = "{\"agent\":\"default\",\"approval\":\"" + approval + "\",\"input\":{\"text\":\"approved in the console\"}}";
    JsonNode ran = gateway.post(ECHO, withApproval).assertStatus(200).body();
    assertThat(ran.path("output").path("text").asString()).isEqualTo("approved in the console");
  }

  @Test
  @Order(9)
  void toolsPageGivesEachToolsExposureAndReason() throws Exception {
    browser.find(By.linkText("Tools")).click();
    browser.awaitPage("tools");
    for (JsonNode tool : gateway.get("/tools?agent=default").assertStatus(200).body().path("tools")) {
      String text = browser.find(By.cssSelector("#tools-table tr[data-tool='" + tool.path("id").asString() + "']")).getText();
      assertThat(text).contains(tool.path("reason").asString()).contains(tool.path("exposed").asBoolean() ? "yes" : "no");
    }
    browser.screenshot("10-tools");
  }

  @Test
  @Order(10)
  void auditPageStreamsNewEventsVerifiesTheChainAndDownloadsTheExport() throws Exception {
    browser.find(By.linkText("Audit")).click();
    browser.awaitPage("audit");
    browser.awaitText(By.id("audit-verdict"), "Chain intact");

    long seq = gateway.put("/plugins/echo/config", "{\"greeting\":\"live\"}").assertStatus(200).body().path("event_seq").asLong();
    WebElement live = browser.await(By.cssSelector("#events-body tr[data-seq='" + seq + "']"));
    assertThat(live.getText()).contains("plugin.config.changed").contains("echo");

    browser.find(By.id("export")).click();
    browser.awaitText(By.id("export-result"), "Downloaded");
    Path zip = browser.downloads.resolve("tyrum-support-export.zip");
    browser.until("the export is saved", () -> Files.isRegularFile(zip));
    byte[] head = Files.readAllBytes(zip);
    assertThat(head).startsWith((byte) 'P', (byte) 'K');
    browser.screenshot("11-audit");
  }

  @Test
  @Order(11)
  void statusAndTokensPagesRender() {
    browser.find(By.linkText("Status")).click();
    browser.awaitPage("status");
    assertThat(browser.find(By.id("gateway-status")).getText()).contains("ready");
    browser.screenshot("12-status");
    browser.find(By.linkText("Tokens")).click();
    browser.awaitPage("tokens");
    browser.screenshot("13-tokens");
  }

  /** The console's own token is revoked from its Tokens page: the next call is refused, and it asks for another. */
  @Test
  @Order(12)
  void aRevokedTokenIsRefusedAndTheConsoleAsksForAnotherOne() throws Exception {
    browser.open(console + "#/tokens");
    browser.awaitPage("tokens");
    browser.find(By.id("scope-admin")).click();
    browser.find(By.id("token-name")).sendKeys("console-e2e");
    browser.find(By.id("token-create-button")).click();
    WebElement created = browser.await(By.id("new-token"));
    String second = created.getAttribute("value");
    String id = created.getAttribute("data-token-id");
    assertThat(second).startsWith("tyr_");

    browser.find(By.id("sign-out")).click();
    browser.await(By.id("token")).sendKeys(second, Keys.ENTER);
    browser.awaitPage("tokens"); // signing in again stays on the page the console showed
    browser.find(By.cssSelector("button[data-revoke-token='" + id + "']")).click();

    browser.awaitText(By.id("token-refusal"), "token_revoked");
    assertThat(browser.find(By.id("sign-out")).isDisplayed()).as("nothing to sign out of on the sign-in form").isFalse();
    assertThat(browser.js("return sessionStorage.getItem('tyrum.console.token')")).isNull();
    browser.screenshot("14-token-revoked");
    JsonNode listed = gateway.get("/tokens").assertStatus(200).body().path("tokens");
    assertThat(listed.toString()).contains(id).contains("revoked");

    browser.find(By.id("token")).sendKeys(gateway.token, Keys.ENTER);
    browser.awaitPage("tokens");
  }

  @Test
  @Order(13)
  void everyPageIsUsableAt1280And400PixelsWide() {
    signedIn();
    List<String> sideways = new ArrayList<>();
    for (int width : new int[] {1280, 400}) {
      browser.viewport(width, 800);
      for (String page : PAGES) {
        browser.open(console + "#/" + page);
        browser.awaitPage(page);
        if (width == 400) {
          browser.screenshot("narrow-" + page);
        }
        if (browser.overflowsSideways()) {
          sideways.add(page + " at " + width + " px");
        }
      }
      browser.open(console + "#/plugins/echo");
      browser.awaitPage("plugins");
      browser.await(By.id("config-form"));
      if (width == 400) {
        browser.screenshot("narrow-plugin-echo");
      }
      if (browser.overflowsSideways()) {
        sideways.add("plugin echo at " + width + " px");
      }
    }
    browser.viewport(1280, 800);
    assertThat(sideways).as("pages wider than the window").isEmpty();
  }

  @Test
  @Order(14)
  void theNavigationWorksFromTheKeyboardAlone() {
    signedIn();
    browser.open(console + "#/plugins");
    browser.awaitPage("plugins");
    browser.js("document.activeElement && document.activeElement.blur()");
    WebElement body = browser.find(By.tagName("body"));
    String focused = "";
    for (int i = 0; i < 20 && !focused.equals("Approvals"); i++) {
      body.sendKeys(Keys.TAB);
      focused = String.valueOf(browser.js("return document.activeElement.textContent"));
    }
    assertThat(focused).isEqualTo("Approvals");
    assertThat(browser.js("return getComputedStyle(document.activeElement).outlineStyle")).as("a visible focus").isNotEqualTo("none");
    browser.driver.switchTo().activeElement().sendKeys(Keys.ENTER);
    browser.awaitPage("approvals");
  }

  private static void signedIn() {
    if (browser.js("return sessionStorage.getItem('tyrum.console.token')") == null) {
      browser.open(console);
      browser.await(By.id("token")).sendKeys(gateway.token, Keys.ENTER);
      browser.awaitPage("plugins");
    }
  }
}
