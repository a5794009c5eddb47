package io.tern.webui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.testsupport.JobRequest;
import io.tern.testsupport.TernClient;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in a real headless Chromium against the whole system (embedded PostgreSQL, S3,
 * scheduler, two workers, job JVMs): what a user does with the mouse and keyboard, and what the
 * page shows without ever being reloaded. Each step saves a screenshot under docs/screenshots/. The
 * jars uploaded here are compiled during the test ({@link JobJar}), so no worker has their classes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {

  @TempDir static Path dataDir;
  @TempDir static Path jobJars;
  static StandaloneProcess tern;
  static TernClient api;
  static Browser browser;

  @BeforeAll
  static void start() throws Exception {
    tern = StandaloneProcess.start(dataDir, Path.of("target", "tern-standalone.log"));
    api = new TernClient(tern.baseUrl()).withBearer(Files.readString(tern.adminTokenFile()).trim());
    await().atMost(Duration.ofSeconds(30)).until(() -> api.read("/api/v1/workers").size() == 2);
    browser = new Browser(tern.baseUrl().toString());
    browser.login(api.token());
    browser.plantReloadMarker();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (tern != null) {
      tern.close();
    }
  }

  @Test
  @Order(1)
  void anExampleJobSubmittedFromTheFormRunsToCompletionWhileThePageWatches() {
    browser.route("#/submit");
    browser.waitFor(By.id("submit-form"));
    browser.find(By.cssSelector("[data-type=pi]")).click();
    setValue(By.id("submit-name"), "pi-from-the-form");
    setParam("samples", "300000000");
    setValue(By.id("submit-interval"), "0");
    browser.js("window.scrollTo(0, 0)");
    browser.screenshot("submit");

    browser.click(By.id("submit-button"));
    WebElement error = browser.waitFor(By.cssSelector("[data-field=checkpointIntervalSeconds] .field-error"), e -> !e.getText().isBlank());
    assertThat(error.getText()).as("the API's validation message, next to the field").contains("between 1 and 86400");
    browser.screenshot("submit-validation");

    setValue(By.id("submit-interval"), "1");
    browser.click(By.id("submit-button"));
    browser.waitFor(By.cssSelector(".page-head h1"), e -> e.getText().contains("pi-from-the-form"));
    browser.waitFor(By.id("job-state"), e -> e.getText().contains("RUNNING") || e.getText().contains("COMPLETED"), Duration.ofSeconds(30));
    browser.waitFor(By.id("job-state"), e -> e.getText().contains("COMPLETED"), Duration.ofSeconds(120));
    browser.waitFor(By.id("job-result"), e -> e.getText().contains("pi"));
    assertThat(browser.reloadMarkerPresent()).as("the page was never reloaded").isTrue();
    browser.waitFor(By.cssSelector("#job-event-log li"), e -> e.getText().contains("COMPLETED"));
    browser.fitHeight(1000, 2600);
    browser.screenshot("job-completed");
    browser.resetSize();
  }

  @Test
  @Order(2)
  void aJobResubmittedFromAChosenCheckpointShowsItsOrigin() {
    long job = api.submit("""
        {"name": "primes-to-resubmit", "type": "primes", "parameters": {"limit": "100000000000"},
         "resources": {"slots": 1, "memoryMb": 256}, "checkpointIntervalSeconds": 1}""");
    await().atMost(Duration.ofSeconds(90)).until(() -> api.committedCheckpoints(job).size() >= 3);
    browser.route("#/jobs/" + job);
    browser.waitUntilList(By.cssSelector("[data-resubmit]"), 3);
    browser.fitHeight(1000, 2600);
    browser.screenshot("job-detail");
    browser.resetSize();

    List<JsonNode> committed = api.committedCheckpoints(job);
    long seq = committed.get(committed.size() - 2).path("seq").asLong(); // not the newest: a chosen, older image
    browser.click(By.cssSelector("[data-resubmit='" + seq + "']"));
    browser.waitFor(By.id("resubmit-seq"));
    assertThat(new Select(browser.find(By.id("resubmit-seq"))).getFirstSelectedOption().getAttribute("value")).isEqualTo(Long.toString(seq));
    setValue(By.id("resubmit-name"), "primes-fork");
    browser.screenshot("resubmit-dialog");
    browser.click(By.cssSelector("dialog [data-confirm]"));

    WebElement origin = browser.waitFor(By.id("job-origin"));
    assertThat(origin.getText()).contains("job #" + job).contains("checkpoint #" + seq);
    long fork = Long.parseLong(((String) browser.js("return location.hash")).replaceAll("\\D", ""));
    assertThat(fork).isNotEqualTo(job);
    browser.waitFor(By.cssSelector("#attempts-table"), e -> e.getText().contains("checkpoint #" + seq), Duration.ofSeconds(60));
    assertThat(browser.reloadMarkerPresent()).isTrue();
    browser.fitHeight(1000, 2000);
    browser.screenshot("job-resubmitted");
    browser.resetSize();
    api.post("/api/v1/jobs/" + fork + "/cancel", "{}", 200);
    api.post("/api/v1/jobs/" + job + "/cancel", "{}", 200);
  }

  @Test
  @Order(3)
  void aJarUploadedOnTheSubmitPageRunsWithTheEntryClassPickedFromIt() throws Exception {
    Files.writeString(jobJars.resolve("notes.jar"), "not a zip");
    Path jar = JobJar.build(jobJars.resolve("sums-1.0.jar"), Map.of(
        "com.example.sums.SumJob", JobJar.sumJob("com.example.sums.SumJob", "linear", "i"),
        "com.example.sums.SquareSumJob", JobJar.sumJob("com.example.sums.SquareSumJob", "squares", "i * i")));
    String digest = "sha256:" + sha256(jar);

    browser.route("#/submit");
    browser.click(By.cssSelector("[data-type=artifact]"));
    browser.waitFor(By.id("artifact-list"));

    // a file that is not a jar: the problem's title and detail are shown, nothing is listed
    browser.find(By.id("artifact-file")).sendKeys(jobJars.resolve("notes.jar").toAbsolutePath().toString());
    browser.click(By.id("artifact-upload"));
    WebElement refused = browser.waitFor(By.id("artifact-error"), e -> !e.getText().isBlank());
    assertThat(refused.findElement(By.tagName("strong")).getText()).as("the problem's title").isNotBlank();
    assertThat(refused.getText()).as("title and detail").hasSizeGreaterThan(refused.findElement(By.tagName("strong")).getText().length() + 5);
    assertThat(browser.findAll(By.cssSelector("#artifact-table tr[data-artifact]"))).isEmpty();
    browser.screenshot("submit-artifact-error");

    // the jar: uploaded, listed and chosen, its job classes offered as entry classes
    browser.js("document.getElementById('artifact-file').value = ''");
    browser.find(By.id("artifact-file")).sendKeys(jar.toAbsolutePath().toString());
    browser.click(By.id("artifact-upload"));
    WebElement row = browser.waitFor(By.cssSelector("#artifact-table tr[data-artifact='" + digest + "']"));
    assertThat(row.getText()).contains("sums-1.0.jar").contains("com.example.sums.SumJob").contains("com.example.sums.SquareSumJob");
    assertThat(row.findElement(By.cssSelector("input[type=checkbox]")).isSelected()).as("the uploaded jar is chosen").isTrue();
    assertThat(browser.find(By.id("artifact-error")).getText()).isBlank();
    Select entry = new Select(browser.find(By.id("submit-entry-class-select")));
    assertThat(entry.getOptions()).extracting(WebElement::getText)
        .containsExactlyInAnyOrder("com.example.sums.SumJob", "com.example.sums.SquareSumJob");
    JsonNode uploaded = api.read("/api/v1/artifacts/" + digest);
    assertThat(uploaded.path("name").asString()).isEqualTo("sums-1.0.jar");
    assertThat(uploaded.path("size").asLong()).isEqualTo(Files.size(jar));

    entry.selectByVisibleText("com.example.sums.SumJob");
    setValue(By.id("submit-name"), "sums-from-an-upload");
    browser.click(By.id("add-param"));
    List<WebElement> param = browser.findAll(By.cssSelector("#submit-params .param-row input"));
    param.get(0).sendKeys("n");
    param.get(1).sendKeys("2000000");
    setValue(By.id("submit-interval"), "1");
    browser.js("window.scrollTo(0, 0)");
    browser.fitHeight(1000, 2000);
    browser.screenshot("submit-artifact");
    browser.resetSize();
    browser.click(By.id("submit-button"));

    // the job detail names the jar it runs, with a link that downloads exactly those bytes
    browser.waitFor(By.cssSelector(".page-head h1"), e -> e.getText().contains("sums-from-an-upload"));
    long job = Long.parseLong(((String) browser.js("return location.hash")).replaceAll("\\D", ""));
    assertThat(api.job(job).path("entryClass").asString()).isEqualTo("com.example.sums.SumJob");
    // the job's details are drawn again on each of its events: read the row in one go, never through a kept element
    browser.waitFor(By.id("job-artifacts"),
        e -> e.getText().contains("sums-1.0.jar") && e.getText().contains(digest.substring(0, "sha256:".length() + 12)));
    String href = (String) browser.js("return document.querySelector('#job-artifacts a').href");
    assertThat(href).endsWith("/api/v1/artifacts/" + digest + "/content");
    assertThat(browser.js(SHA256_OF_DOWNLOAD, href)).as("the downloaded bytes").isEqualTo(digest.substring("sha256:".length()));
    browser.waitFor(By.id("job-state"), e -> e.getText().contains("COMPLETED"), Duration.ofSeconds(120));
    browser.waitFor(By.id("job-result"), e -> e.getText().contains("2000001000000") && e.getText().contains("linear"));
    assertThat(browser.reloadMarkerPresent()).as("the page was never reloaded").isTrue();
    browser.fitHeight(1000, 2200);
    browser.screenshot("job-artifacts");
    browser.resetSize();
  }

  @Test
  @Order(4)
  void aJarUploadedBeforeIsPickedFromTheListWithAnotherOfItsJobClasses() {
    JsonNode listed = api.read("/api/v1/artifacts?name=sums-1.0.jar");
    assertThat(listed.size()).as("the jar uploaded by the previous test is listed").isEqualTo(1);
    String digest = listed.get(0).path("id").asString();

    browser.route("#/overview");
    browser.route("#/submit?type=artifact");
    WebElement row = browser.waitFor(By.cssSelector("#artifact-table tr[data-artifact='" + digest + "']"));
    assertThat(row.findElement(By.cssSelector("input[type=checkbox]")).isSelected()).as("nothing is chosen on a fresh page").isFalse();
    assertThat(browser.find(By.id("submit-entry-class-select")).isEnabled()).isFalse();
    row.findElement(By.cssSelector("input[type=checkbox]")).click();
    browser.waitFor(By.id("submit-entry-class-select"), WebElement::isEnabled);
    new Select(browser.find(By.id("submit-entry-class-select"))).selectByVisibleText("com.example.sums.SquareSumJob");
    setValue(By.id("submit-name"), "squares-from-the-list");
    browser.click(By.id("add-param"));
    List<WebElement> param = browser.findAll(By.cssSelector("#submit-params .param-row input"));
    param.get(0).sendKeys("n");
    param.get(1).sendKeys("1000");
    browser.click(By.id("submit-button"));

    browser.waitFor(By.cssSelector(".page-head h1"), e -> e.getText().contains("squares-from-the-list"));
    long job = Long.parseLong(((String) browser.js("return location.hash")).replaceAll("\\D", ""));
    JsonNode submitted = api.job(job);
    assertThat(submitted.path("entryClass").asString()).isEqualTo("com.example.sums.SquareSumJob");
    assertThat(submitted.path("artifacts").get(0).path("id").asString()).isEqualTo(digest);
    browser.waitFor(By.cssSelector("#job-artifacts [data-artifact='" + digest + "']"));
    browser.waitFor(By.id("job-result"), e -> e.getText().contains("333833500") && e.getText().contains("squares"), Duration.ofSeconds(120));
  }

  @Test
  @Order(5)
  void drainingAWorkerFromTheWorkersPageMovesItsJobsToTheOtherWorker() {
    cancelAllActiveJobs();
    long a = api.submit(longPrimes("drain-a"));
    long b = api.submit(longPrimes("drain-b"));
    await().atMost(Duration.ofSeconds(60)).until(() -> api.committedCheckpoints(a).size() >= 1 && api.committedCheckpoints(b).size() >= 1);
    String from = api.job(a).path("currentAttempt").path("worker").asString();
    String to = from.equals("worker-1") ? "worker-2" : "worker-1";

    browser.route("#/workers");
    browser.waitFor(By.cssSelector("[data-running='" + from + "']"), e -> e.getText().contains("#" + a));
    browser.screenshot("workers");

    browser.click(By.cssSelector("tr[data-worker='" + from + "'] [data-action=drain]"));
    new Select(browser.waitFor(By.id("drain-mode"))).selectByValue("GRACEFUL");
    setValue(By.id("drain-deadline"), "120");
    setValue(By.id("drain-reason"), "maintenance from the browser test");
    browser.screenshot("drain-dialog");
    browser.click(By.cssSelector("dialog [data-confirm]"));

    browser.waitFor(By.cssSelector("[data-drain='" + from + "']"));
    browser.screenshot("workers-draining");
    browser.waitFor(By.cssSelector("[data-running='" + from + "']"), e -> e.getText().contains("idle"), Duration.ofSeconds(90));
    browser.waitFor(By.cssSelector("[data-running='" + to + "']"),
        e -> e.getText().contains("#" + a) && e.getText().contains("#" + b), Duration.ofSeconds(60));
    assertThat(browser.reloadMarkerPresent()).isTrue();
    browser.fitHeight(1000, 1800);
    browser.screenshot("workers-drained");
    browser.resetSize();

    // the moved job tells where it ran and why it moved
    browser.route("#/jobs/" + a);
    browser.waitFor(By.cssSelector("#attempts-table"), e -> e.getText().contains(from) && e.getText().contains(to)
        && e.getText().toLowerCase().contains("drain"), Duration.ofSeconds(30));
    browser.fitHeight(1000, 2200);
    browser.screenshot("job-moved-by-drain");
    browser.resetSize();

    // resume the worker: it takes work again
    browser.route("#/workers");
    browser.waitFor(By.cssSelector("tr[data-worker='" + from + "'] [data-action=uncordon]"), WebElement::isEnabled, Duration.ofSeconds(60));
    browser.click(By.cssSelector("tr[data-worker='" + from + "'] [data-action=uncordon]"));
    browser.waitFor(By.cssSelector("tr[data-worker='" + from + "'] [data-action=cordon]"));
    cancelAllActiveJobs();
  }

  @Test
  @Order(6)
  void overviewAndJobListShowTheirDataWithTenThousandJobs() throws Exception {
    cancelAllActiveJobs();
    BulkJobs.insert(dataDir, 10_000);
    long total = BulkJobs.count(dataDir);
    assertThat(total).isGreaterThanOrEqualTo(10_000);

    Timings overview = Timings.median(List.of(
        measure("/#/overview", "overview"), measure("/#/overview", "overview"), measure("/#/overview", "overview")));
    browser.waitFor(By.cssSelector("#throughput-chart svg rect"));
    // three in five of the inserted jobs are COMPLETED
    assertThat(Long.parseLong(browser.find(By.cssSelector("a[data-state=COMPLETED] strong")).getText().replaceAll("[^0-9]", "")))
        .isGreaterThanOrEqualTo(6_000);
    browser.fitHeight(1000, 1600);
    browser.screenshot("overview");
    browser.resetSize();
    Timings jobs = Timings.median(List.of(measure("/#/jobs", "jobs"), measure("/#/jobs", "jobs"), measure("/#/jobs", "jobs")));
    // the admin sees every job: the list's total is the database's
    assertThat(browser.find(By.id("jobs-total")).getText().replaceAll("[^0-9]", "")).isEqualTo(Long.toString(total));
    browser.fitHeight(1000, 1300);
    browser.screenshot("jobs");
    browser.resetSize();
    browser.resize(390, 844); // a phone
    browser.route("#/overview");
    browser.waitFor(By.cssSelector("#throughput-chart svg rect"));
    browser.screenshot("overview-phone");
    browser.resetSize();
    browser.route("#/jobs?state=FAILED");
    browser.waitFor(By.id("jobs-total"), e -> e.getText().contains("failed"));
    browser.screenshot("jobs-filtered");

    String report = "overview " + overview + "\njobs " + jobs + "\n";
    Files.writeString(Path.of("target", "dashboard-performance.txt"), report);
    // timings are reported, not asserted (a test on a shared machine is no benchmark): docs/performance.md
    System.out.println("Dashboard timings with 10,000 jobs (median of 3 loads, ms since navigation start):\n" + report);
  }

  @Test
  @Order(7)
  void theLogsPanelShowsLiveLinesAndAMarkerWhereTheJobMovedToAnotherAttempt() throws Exception {
    cancelAllActiveJobs();
    Path jar = JobJar.build(jobJars.resolve("ticks-1.0.jar"), Map.of("com.example.ticks.TickJob", """
        package com.example.ticks;

        import io.tern.sdk.CheckpointableJob;
        import io.tern.sdk.Codecs;
        import io.tern.sdk.JobContext;
        import io.tern.sdk.StateCodec;
        import io.tern.sdk.StepResult;
        import java.util.Map;

        public class TickJob implements CheckpointableJob<long[]> {
          public long[] init(JobContext ctx) { return new long[] {0}; }
          public StepResult step(long[] s, JobContext ctx) {
            ctx.log("tick " + s[0]);
            s[0]++;
            try { Thread.sleep(200); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            return s[0] >= ctx.longParam("ticks", 100000) ? StepResult.DONE : StepResult.CONTINUE;
          }
          public StateCodec<long[]> codec() { return Codecs.longArray(); }
          public Map<String, Object> result(long[] s, JobContext ctx) { return Map.of("ticks", s[0]); }
        }
        """));
    String digest = api.uploadArtifact(Files.readAllBytes(jar), "ticks-1.0.jar").path("id").asString();
    long job = api.submit("{\"name\": \"ticks\", \"entryClass\": \"com.example.ticks.TickJob\", \"artifacts\": [\"" + digest
        + "\"], \"resources\": {\"slots\": 1, \"memoryMb\": 256}, \"checkpointIntervalSeconds\": 1}");
    browser.route("#/jobs/" + job);
    browser.plantReloadMarker(); // the previous test loaded pages afresh
    browser.waitFor(By.cssSelector("#job-log .log-marker"), e -> e.getText().contains("attempt 1"), Duration.ofSeconds(60));
    browser.waitFor(By.id("job-log"), e -> e.getText().contains("tick 3"), Duration.ofSeconds(60));
    await().atMost(Duration.ofSeconds(60)).until(() -> api.committedCheckpoints(job).size() >= 1);

    api.post("/api/v1/jobs/" + job + "/migrate", "{\"reason\": \"moved by the browser test\"}", 200);
    WebElement log = browser.waitFor(By.id("job-log"), e -> e.getText().contains("attempt 2 on worker"), Duration.ofSeconds(90));
    assertThat(log.getText()).contains("attempt 1 ended KILLED");
    String before = log.getText();
    int lastTick = Integer.parseInt(before.replaceAll("(?s).*tick (\\d+).*", "$1"));
    browser.waitFor(By.id("job-log"), e -> e.getText().contains("tick " + (lastTick + 2)), Duration.ofSeconds(60));
    assertThat(browser.findAll(By.cssSelector("#job-log .log-marker"))).extracting(WebElement::getText)
        .anyMatch(t -> t.contains("attempt 2 on worker") && t.contains("restored from checkpoint"));
    assertThat(browser.find(By.id("job-log-download")).getAttribute("href")).endsWith("/api/v1/jobs/" + job + "/logs");
    assertThat(browser.reloadMarkerPresent()).as("lines arrived without a reload").isTrue();
    browser.js("document.getElementById('job-logs').scrollIntoView()");
    browser.screenshot("job-logs");
    api.post("/api/v1/jobs/" + job + "/cancel", "{}", 200);
  }

  @Test
  @Order(8)
  void theOutputsPanelOfACompletedJobDownloadsTheFileItLeft() throws Exception {
    cancelAllActiveJobs();
    long job = api.submit(JobRequest.ofType("lines").name("numbered lines").parameter("lines", "120")
        .parameter("work", "1000").parameter("minStepMillis", "100").memoryMb(256).checkpointIntervalSeconds(1));
    browser.route("#/jobs/" + job);
    browser.waitFor(By.id("job-outputs"), e -> e.getText().contains("published when the job completes"),
        Duration.ofSeconds(30));
    browser.waitFor(By.id("job-state"), e -> e.getText().contains("COMPLETED"), Duration.ofSeconds(120));
    browser.waitFor(By.cssSelector("#job-outputs-table a.output-link"),
        e -> e.getText().equals(io.tern.examples.NumberedLinesJob.FILE), Duration.ofSeconds(30));
    String href = (String) browser.js("return document.querySelector('#job-outputs-table a.output-link').href");
    assertThat(href).endsWith("/api/v1/jobs/" + job + "/outputs/" + io.tern.examples.NumberedLinesJob.FILE);
    byte[] expected = io.tern.examples.NumberedLinesJob.expectedLines(120, 1000).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(browser.js(SHA256_OF_DOWNLOAD, href)).as("the bytes the browser downloads")
        .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(expected)));
    assertThat(browser.reloadMarkerPresent()).as("the panel filled without a reload").isTrue();
    browser.js("document.getElementById('job-outputs').scrollIntoView()");
    browser.screenshot("job-outputs");
  }

  /** What the browser reports for one page load, in ms since navigation start. */
  record Timings(long firstContentfulPaint, long dataShown, long domContentLoaded) {
    static Timings median(List<Timings> runs) {
      return new Timings(
          median(runs.stream().mapToLong(Timings::firstContentfulPaint).sorted().toArray()),
          median(runs.stream().mapToLong(Timings::dataShown).sorted().toArray()),
          median(runs.stream().mapToLong(Timings::domContentLoaded).sorted().toArray()));
    }

    private static long median(long[] sorted) {
      return sorted[sorted.length / 2];
    }
  }

  /** A fresh navigation (full page load) to {@code path}, timed by the browser's Performance API. */
  @SuppressWarnings("unchecked")
  private static Timings measure(String path, String page) {
    browser.open("/login"); // leave the page, so the next load is a full navigation
    browser.open(path);
    browser.waitUntil(Duration.ofSeconds(20), () -> (Boolean) browser.js(
        "return performance.getEntriesByName('tern:ready:' + arguments[0]).length > 0"
            + " && performance.getEntriesByName('first-contentful-paint').length > 0", page));
    Map<String, Object> t = (Map<String, Object>) browser.js(
        """
        const nav = performance.getEntriesByType('navigation')[0];
        return {
          fcp: Math.round(performance.getEntriesByName('first-contentful-paint')[0].startTime),
          ready: Math.round(performance.getEntriesByName('tern:ready:' + arguments[0])[0].startTime),
          dcl: Math.round(nav.domContentLoadedEventEnd)
        };""", page);
    return new Timings(((Number) t.get("fcp")).longValue(), ((Number) t.get("ready")).longValue(), ((Number) t.get("dcl")).longValue());
  }

  /** In the page: the SHA-256 (hex) of what a GET of arguments[0] answers, as the browser downloads it. */
  private static final String SHA256_OF_DOWNLOAD = """
      return fetch(arguments[0], {credentials: 'same-origin'})
        .then(r => r.arrayBuffer()).then(b => crypto.subtle.digest('SHA-256', b))
        .then(d => Array.from(new Uint8Array(d), x => x.toString(16).padStart(2, '0')).join(''));""";

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }

  private static JobRequest longPrimes(String name) {
    return JobRequest.ofType("primes").name(name).parameter("limit", "200000000000").memoryMb(256).checkpointIntervalSeconds(1);
  }

  private static void cancelAllActiveJobs() {
    for (String state : List.of("RUNNING", "QUEUED")) {
      for (JsonNode j : api.read("/api/v1/jobs?size=500&state=" + state).path("items")) {
        api.post("/api/v1/jobs/" + j.path("id").asLong() + "/cancel", "{}", 200);
      }
    }
    await().atMost(Duration.ofSeconds(60)).until(() ->
        api.read("/api/v1/jobs?size=1&state=RUNNING").path("totalItems").asLong() == 0
            && api.read("/api/v1/jobs?size=1&state=CANCELLING").path("totalItems").asLong() == 0);
  }

  private static void setValue(By by, String value) {
    WebElement e = browser.find(by);
    e.clear();
    e.sendKeys(value);
  }

  private static void setParam(String name, String value) {
    for (WebElement row : browser.findAll(By.cssSelector("#submit-params .param-row"))) {
      List<WebElement> inputs = row.findElements(By.tagName("input"));
      if (inputs.get(0).getAttribute("value").equals(name)) {
        inputs.get(1).clear();
        inputs.get(1).sendKeys(value);
        return;
      }
    }
    throw new AssertionError("no parameter row " + name);
  }
}
