package ai.tyrum.gateway.itest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver: the browser the web console's tests use.
 * A missing browser fails the test (src/test/browser/ensure-chromium installs it before the tests run).
 * The flags keep Chromium off the network it would otherwise reach for updates, sync and field trials.
 */
public final class Browser implements AutoCloseable {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /**
   * Selenium looks for DevTools bindings matching the browser's version and warns when it has none; the
   * tests use WebDriver only. Held here, as java.util.logging keeps loggers weakly.
   */
  private static final Logger DEVTOOLS_LOG = Logger.getLogger("org.openqa.selenium.devtools");

  /** How long a page may take to show what a test waits for: a deadline, never a measured time. */
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  public final ChromeDriver driver;
  /** Where the browser saves downloads. */
  public final Path downloads;
  private final Path profile;
  private final Path screenshots;

  private Browser(ChromeDriver driver, Path profile, Path downloads, Path screenshots) {
    this.driver = driver;
    this.profile = profile;
    this.downloads = downloads;
    this.screenshots = screenshots;
  }

  public static Browser start(int width, int height) throws IOException {
    DEVTOOLS_LOG.setLevel(Level.SEVERE);
    assertThat(CHROMIUM).as("Chromium is missing: run distribution/src/test/browser/ensure-chromium (apt-get install chromium chromium-driver)")
        .isExecutable();
    assertThat(CHROMEDRIVER).as("chromedriver is missing: run distribution/src/test/browser/ensure-chromium (apt-get install chromium-driver)")
        .isExecutable();
    Path profile = Files.createTempDirectory("tyrum-chromium-");
    Path downloads = Files.createDirectories(profile.resolve("downloads"));
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--disable-features=Translate,OptimizationHints,MediaRouter",
        "--user-data-dir=" + profile.resolve("profile"), "--window-size=" + width + "," + height);
    options.setExperimentalOption("prefs", Map.of(
        "download.default_directory", downloads.toString(),
        "download.prompt_for_download", false));
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeDriver driver = new ChromeDriver(service, options);
    Path screenshots = Path.of(System.getProperty("tyrum.screenshots.dir", "target/browser-screenshots")).toAbsolutePath();
    Files.createDirectories(screenshots);
    return new Browser(driver, profile, downloads, screenshots);
  }

  /** Loads {@code url} afresh, even when only its fragment differs, so that no element of the page before remains. */
  public void open(String url) {
    driver.get("about:blank");
    driver.get(url);
  }

  /** Resizes the viewport (not the window) to {@code width} × {@code height} CSS pixels. */
  public void viewport(int width, int height) {
    Dimension window = driver.manage().window().getSize();
    long innerWidth = (Long) js("return window.innerWidth");
    long innerHeight = (Long) js("return window.innerHeight");
    driver.manage().window().setSize(new Dimension(
        width + window.getWidth() - (int) innerWidth, height + window.getHeight() - (int) innerHeight));
  }

  public Object js(String script, Object... arguments) {
    return ((JavascriptExecutor) driver).executeScript(script, arguments);
  }

  public WebElement find(By by) {
    return driver.findElement(by);
  }

  public WebElement await(By by) {
    return new WebDriverWait(driver, DEADLINE).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  public void awaitText(By by, String text) {
    new WebDriverWait(driver, DEADLINE).until(ExpectedConditions.textToBePresentInElementLocated(by, text));
  }

  public void awaitGone(By by) {
    new WebDriverWait(driver, DEADLINE).until(ExpectedConditions.invisibilityOfElementLocated(by));
  }

  public void until(String what, java.util.function.BooleanSupplier condition) {
    new WebDriverWait(driver, DEADLINE).withMessage(what).until(d -> condition.getAsBoolean());
  }

  /** Waits until the console has rendered page {@code name} (#page-NAME with data-ready). */
  public WebElement awaitPage(String name) {
    return await(By.cssSelector("section#page-" + name + "[data-ready='true']"));
  }

  /** Saves what the viewport shows as {@code name}.png under target/browser-screenshots/. */
  public Path screenshot(String name) {
    byte[] png = driver.getScreenshotAs(OutputType.BYTES);
    Path file = screenshots.resolve(name + ".png");
    try {
      Files.write(file, png);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Whether the document is wider than the viewport (a layout that makes the reader scroll sideways). */
  public boolean overflowsSideways() {
    return (Boolean) js("return document.documentElement.scrollWidth > window.innerWidth + 1");
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException ignored) {
        // a temp dir left behind is harmless
      }
    }
  }
}
