package io.tern.webui;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium driven over WebDriver, with the few gestures the dashboard tests need:
 * log in with a token, open a page, wait for something to show, click, take a screenshot.
 */
final class Browser implements AutoCloseable {

  private final ChromeDriver driver;
  private final String base;
  private final Path screenshots;
  private final Path profile;

  Browser(String base) throws IOException {
    this.base = base;
    this.screenshots = Path.of(System.getProperty("screenshots.dir", "target/screenshots"));
    Files.createDirectories(screenshots);
    this.profile = Files.createTempDirectory("tern-chromium-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(System.getProperty("chrome.binary", "/usr/bin/chromium"));
    options.addArguments(
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--disable-dev-shm-usage", "--window-size=1440,1000", "--user-data-dir=" + profile);
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver")).toFile())
        .usingAnyFreePort()
        .build();
    this.driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
  }

  /** Logs in as a person would: the login page, the token pasted, the button. */
  void login(String token) {
    open("/login");
    driver.findElement(By.id("token")).sendKeys(token);
    screenshot("login");
    driver.findElement(By.cssSelector("#login button[type=submit]")).click();
    waitFor(By.cssSelector("#user"), e -> !e.getText().isBlank());
  }

  /** Opens a path of the scheduler (e.g. "/#/jobs"). */
  void open(String path) {
    driver.get(base + path);
  }

  /** Moves to another dashboard route without reloading the page (as clicking a link does). */
  void route(String hash) {
    js("location.hash = arguments[0]", hash);
  }

  /** Clicks the element {@code by} names once it is there (looked up afresh: live pages re-render). */
  void click(By by) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(150)).ignoreExceptions().until(() -> {
      WebElement e = driver.findElement(by);
      if (!e.isDisplayed() || !e.isEnabled()) {
        return false;
      }
      e.click();
      return true;
    });
  }

  WebElement find(By by) {
    return driver.findElement(by);
  }

  List<WebElement> findAll(By by) {
    return driver.findElements(by);
  }

  /** Waits until an element matching {@code by} is displayed and satisfies {@code condition}. */
  WebElement waitFor(By by, java.util.function.Predicate<WebElement> condition) {
    return waitFor(by, condition, Duration.ofSeconds(20));
  }

  WebElement waitFor(By by, java.util.function.Predicate<WebElement> condition, Duration atMost) {
    return await().atMost(atMost).pollInterval(Duration.ofMillis(150)).ignoreExceptions()
        .until(() -> {
          for (WebElement e : driver.findElements(by)) {
            if (e.isDisplayed() && condition.test(e)) {
              return e;
            }
          }
          return null;
        }, e -> e != null);
  }

  WebElement waitFor(By by) {
    return waitFor(by, e -> true);
  }

  /** Waits until at least {@code count} elements match, and answers them. */
  List<WebElement> waitUntilList(By by, int count) {
    return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(150)).ignoreExceptions()
        .until(() -> driver.findElements(by), l -> l.size() >= count);
  }

  /** Waits until {@code check} holds (re-evaluated against the live page). */
  void waitUntil(Duration atMost, Supplier<Boolean> check) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(check::get);
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) driver).executeScript(script, args);
  }

  /** A marker kept across the test: if the page reloads, it is gone. */
  void plantReloadMarker() {
    js("window.__ternNoReload = 'planted'");
  }

  boolean reloadMarkerPresent() {
    return "planted".equals(js("return window.__ternNoReload || null"));
  }

  /** The height the page needs, so a screenshot can show all of it. */
  void fitHeight(int min, int max) {
    Number h = (Number) js("return Math.ceil(document.documentElement.scrollHeight)");
    driver.manage().window().setSize(new Dimension(1440, Math.max(min, Math.min(max, h.intValue() + 20))));
  }

  void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  void resetSize() {
    driver.manage().window().setSize(new Dimension(1440, 1000));
  }

  /** Saves a PNG of the window as docs/screenshots/{name}.png. */
  Path screenshot(String name) {
    Path target = screenshots.resolve(name + ".png");
    try {
      Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, target, StandardCopyOption.REPLACE_EXISTING);
      Files.deleteIfExists(shot);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return target;
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary profile left behind is harmless
    }
  }
}
