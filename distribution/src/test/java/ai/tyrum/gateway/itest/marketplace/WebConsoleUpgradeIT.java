package ai.tyrum.gateway.itest.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import ai.tyrum.gateway.itest.Await;
import ai.tyrum.gateway.itest.Browser;
import ai.tyrum.gateway.itest.GatewayFramework;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The web console's upgrade (issue 14, part 2): the plugin's page shows what the catalogue's newer version
 * asks for beyond what is granted; an upgrade that asks for more is held, and the console shows the
 * gateway's difference (permissions and tool contracts) and the approval to decide, which the approvals
 * page then approves, finishing the upgrade. The old version serves until then.
 */
class WebConsoleUpgradeIT {

  @TempDir
  Path dir;

  @Test
  void heldUpgradeShowsTheDifferenceAndGoesAheadOnceApprovedInTheConsole() throws Exception {
    TestCatalog catalog = TestCatalog.in(dir, "mirror");
    try (GatewayFramework gateway = catalog.trustedBy(
            GatewayFramework.builder().withBundle("gateway.policy").withBundle("gateway.marketplace")
                .dataFile("policy/deployment.yml", "tools:\n  allow:\n    - plugin.versioned.greet\n")).start();
        Browser browser = Browser.start(1280, 800)) {
      Installed.ready(gateway);
      for (String version : List.of("1.0.0", "2.0.0")) {
        catalog.offer(gateway.fixture("versioned-" + version));
      }
      catalog.publish();
      gateway.shell().run("plugin:search").assertSucceeded();
      gateway.shell().run("plugin:install versioned@1.0.0").assertSucceeded();
      gateway.awaitPluginState("versioned", "loaded");

      browser.viewport(1280, 800);
      String console = gateway.url().resolve("/ui/").toString();
      browser.open(console);
      browser.await(By.id("token")).sendKeys(gateway.token(), Keys.ENTER);
      browser.awaitPage("plugins");
      browser.open(console + "#/plugins/versioned");
      WebElement version = browser.await(By.id("upgrade-version"));
      assertThat(new Select(version).getFirstSelectedOption().getText()).isEqualTo("2.0.0");
      assertThat(browser.find(By.id("upgrade-added-permissions")).getText()).contains("db:plugin");
      browser.js("document.getElementById('upgrade').scrollIntoView()");
      browser.screenshot("upgrade-review");

      browser.find(By.id("upgrade-button")).click();
      browser.awaitText(By.id("upgrade-result"), "upgrade_held");
      String result = browser.find(By.id("upgrade-result")).getText();
      assertThat(result).contains("db:plugin").contains("greet");
      String approval = browser.find(By.cssSelector("#upgrade-result [data-approval]")).getAttribute("data-approval");
      assertThat(approval).startsWith("apr_");
      browser.screenshot("upgrade-held");
      assertThat(Installed.lockEntry(gateway, "versioned").path("version").asString()).isEqualTo("1.0.0");
      assertThat(gateway.pluginState("versioned")).isEqualTo("loaded");

      browser.find(By.linkText("Approvals")).click();
      WebElement row = browser.await(By.cssSelector("#pending-approvals tr[data-approval='" + approval + "']"));
      assertThat(row.getText()).contains("upgrade").contains("versioned@2.0.0").contains("db:plugin");
      row.findElement(By.cssSelector("button[data-approve='" + approval + "']")).click();
      browser.await(By.cssSelector("#settled-approvals tr[data-approval='" + approval + "']"));

      Await.until("the lockfile holds 2.0.0", () -> Installed.lockEntry(gateway, "versioned").path("version").asString().equals("2.0.0"));
      JsonNode entry = Installed.lockEntry(gateway, "versioned");
      assertThat(entry.path("granted").toString()).isEqualTo("[\"db:plugin\"]");
    }
  }
}
