package io.tern.scheduler.outputs;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.image.ImageDescriptor;
import io.tern.image.ImageLayout;
import io.tern.image.ImageStore;
import io.tern.image.OutputSource;
import io.tern.protocol.Assignment;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerWithStorageIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Download;
import io.tern.testsupport.TernClient.Response;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * {@code GET /api/v1/jobs/{id}/outputs} and {@code …/outputs/{path}} over real HTTP, serving what a
 * worker published for the job's succeeding attempt (stored here through the image store as the worker
 * stores it, in s3proxy) and the job as PostgreSQL holds it.
 */
@SchedulerWithStorageIT
class JobOutputsIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ImageStore images;
  @Autowired org.springframework.beans.factory.ObjectProvider<ImageStore> imageStores;
  @Autowired io.tern.scheduler.checkpoint.CheckpointRepository checkpoints;
  @Autowired io.tern.scheduler.checkpoint.ChunkCollectionRepository collections;
  @Autowired io.tern.scheduler.job.JobRepository jobs;
  @Autowired io.tern.scheduler.events.JobEventLog events;
  @Autowired io.tern.scheduler.tx.RetryingTransaction tx;
  @Autowired io.tern.scheduler.checkpoint.CheckpointProperties checkpointProperties;
  @Autowired io.tern.scheduler.checkpoint.CheckpointMetrics metrics;
  @Autowired org.springframework.beans.factory.ObjectProvider<io.tern.scheduler.checkpoint.RetainedManifests> retained;

  private TernClient alice;
  private TernClient bob;
  private FakeWorker worker;

  /**
   * 3 MiB that do not repeat: several content-defined chunks. Different in every test, as is the
   * summary: the collector test deletes packs that later writes could otherwise reuse from the
   * writer's recent chunks.
   */
  private final byte[] big = new byte[3 << 20];
  private final byte[] summary = ("{\"run\": " + System.nanoTime() + "}\n").getBytes(StandardCharsets.UTF_8);

  @BeforeEach
  void setUp() {
    new Tables(jdbc).clear();
    new Random(System.nanoTime()).nextBytes(big);
    TernClient admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    alice = new TernClient(port).withBearer(admin.createToken("alice-outputs", "SUBMITTER", "alice"));
    bob = new TernClient(port).withBearer(admin.createToken("bob-outputs", "SUBMITTER", "bob"));
    worker = new FakeWorker(admin, "worker-outputs-" + System.nanoTime() % 100000, 2);
    worker.register();
  }

  /** A job of alice's whose attempt runs on the fake worker. */
  private Assignment running() {
    long job = alice.post("/api/v1/jobs", "{\"type\": \"pi\", \"maxRetries\": 0}").expect(201).path("id").asLong();
    Assignment a = worker.awaitAssignment(job);
    assertThat(worker.started(a.attemptId(), null).status()).isEqualTo(204);
    return a;
  }

  /** Publishes {@code files} for the running attempt as the worker does, and reports it SUCCEEDED. */
  private long completedWith(Map<String, byte[]> files) throws Exception {
    Assignment a = running();
    List<OutputSource> outputs = new ArrayList<>();
    files.forEach((path, bytes) -> outputs.add(new OutputSource(path, bytes.length, 0640,
        () -> new ByteArrayInputStream(bytes))));
    String key = ImageLayout.outputsManifestKey(a.jobId(), a.attemptNumber());
    images.write(new ImageDescriptor(a.jobId(), a.attemptNumber(), 0, 10, ImageDescriptor.OUTPUTS_CODEC), key,
        InputStream.nullInputStream(), outputs, null, "alice");
    assertThat(worker.succeeded(a.attemptId(), "{\"pi\": 3.14}", key).status()).isEqualTo(204);
    assertThat(alice.state(a.jobId())).isEqualTo("COMPLETED");
    return a.jobId();
  }

  private Map<String, byte[]> twoFiles() {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("lines.txt", big);
    files.put("reports/summary één.json", summary);
    return files;
  }

  private static String url(long job, String path) {
    return "/api/v1/jobs/" + job + "/outputs/" + path;
  }

  @Test
  void aCompletedJobListsItsFilesAndEachDownloadsAsPublished() throws Exception {
    long job = completedWith(twoFiles());

    JsonNode listing = alice.get("/api/v1/jobs/" + job + "/outputs").expect(200);
    assertThat(listing.path("jobId").asLong()).isEqualTo(job);
    assertThat(listing.path("state").asString()).isEqualTo("COMPLETED");
    assertThat(listing.path("files")).hasSize(2);
    assertThat(listing.path("files").get(0).path("path").asString()).isEqualTo("lines.txt");
    assertThat(listing.path("files").get(0).path("size").asLong()).isEqualTo(big.length);
    assertThat(listing.path("files").get(0).path("mode").asString()).isEqualTo("0640");
    assertThat(listing.path("files").get(1).path("path").asString()).isEqualTo("reports/summary één.json");
    assertThat(listing.path("files").get(1).path("size").asLong()).isEqualTo(summary.length);

    Download whole = alice.download(url(job, "lines.txt"));
    assertThat(whole.status()).isEqualTo(200);
    assertThat(whole.body()).isEqualTo(big);
    assertThat(whole.header("Content-Type")).isEqualTo("application/octet-stream");
    assertThat(whole.header("Accept-Ranges")).isEqualTo("bytes");
    assertThat(whole.header("Content-Disposition")).startsWith("attachment; filename=\"lines.txt\"");

    Download nested = alice.download(url(job, "reports/summary%20%C3%A9%C3%A9n.json"));
    assertThat(nested.status()).isEqualTo(200);
    assertThat(nested.body()).isEqualTo(summary);
    assertThat(nested.header("Content-Disposition")).as("the last segment, encoded (RFC 6266)")
        .contains("filename*=UTF-8''summary%20%C3%A9%C3%A9n.json");
  }

  @Test
  void rangesAnswerPartialContentAndARangeOutsideTheFile416() throws Exception {
    long job = completedWith(twoFiles());
    int n = big.length;
    Map<String, int[]> ranges = new LinkedHashMap<>();
    ranges.put("bytes=5-9", new int[] {5, 9});
    ranges.put("bytes=2000000-", new int[] {2000000, n - 1}); // from inside a later chunk
    ranges.put("bytes=1500000-2600000", new int[] {1500000, 2600000});
    ranges.put("bytes=-10", new int[] {n - 10, n - 1});
    ranges.put("bytes=3000000-99999999", new int[] {3000000, n - 1});
    for (Map.Entry<String, int[]> r : ranges.entrySet()) {
      Download part = alice.download(url(job, "lines.txt"), Map.of("Range", r.getKey()));
      int first = r.getValue()[0];
      int last = r.getValue()[1];
      assertThat(part.status()).as(r.getKey()).isEqualTo(206);
      assertThat(part.header("Content-Range")).as(r.getKey()).isEqualTo("bytes " + first + "-" + last + "/" + n);
      assertThat(part.body()).as(r.getKey()).isEqualTo(Arrays.copyOfRange(big, first, last + 1));
    }
    Download beyond = alice.download(url(job, "lines.txt"), Map.of("Range", "bytes=" + n + "-"));
    assertThat(beyond.status()).isEqualTo(416);
    assertThat(beyond.header("Content-Range")).isEqualTo("bytes */" + n);
    assertThat(new String(beyond.body(), StandardCharsets.UTF_8)).contains("range-not-satisfiable");
    Download ignored = alice.download(url(job, "lines.txt"), Map.of("Range", "bytes=0-5,10-20"));
    assertThat(ignored.status()).as("several ranges: the whole file").isEqualTo(200);
    assertThat(ignored.body()).isEqualTo(big);
  }

  @Test
  void anotherOwnersJobIsNotFoundAndSoIsAFileTheJobDidNotPublish() throws Exception {
    long job = completedWith(twoFiles());
    String missing = bob.get("/api/v1/jobs/999999").body().path("detail").asString()
        .replace("999999", Long.toString(job));
    Response list = bob.get("/api/v1/jobs/" + job + "/outputs");
    assertThat(list.status()).isEqualTo(404);
    assertThat(list.body().path("detail").asString()).isEqualTo(missing);
    Response file = bob.get(url(job, "lines.txt"));
    assertThat(file.status()).isEqualTo(404);
    assertThat(file.body().path("detail").asString()).isEqualTo(missing);

    Response other = alice.get(url(job, "other.txt"));
    assertThat(other.status()).isEqualTo(404);
    assertThat(other.problemType()).isEqualTo("not-found");
    assertThat(other.body().path("detail").asString()).isEqualTo("Output file 'other.txt' of job " + job + " does not exist.");
    assertThat(alice.get(url(job, "reports")).status()).as("a directory is not a file").isEqualTo(404);
  }

  @Test
  void pathsThatCannotBeOutputPathsAreRefused() throws Exception {
    long job = completedWith(twoFiles());
    for (String path : List.of("reports/", "reports//summary.json", "..%2Flines.txt", "reports/..", "%2Fetc%2Fpasswd")) {
      Response r = alice.get(url(job, path));
      assertThat(r.status()).as(path).isEqualTo(400);
    }
    Response r = alice.get(url(job, "reports/"));
    assertThat(r.problemType()).isEqualTo("invalid-request");
    assertThat(r.body().path("detail").asString()).isEqualTo("'reports/' is not an output path: the path has an empty segment.");
  }

  @Test
  void aJobThatHasNotCompletedHasNoOutputsYet() throws Exception {
    Assignment a = running();
    for (String path : List.of("/api/v1/jobs/" + a.jobId() + "/outputs", url(a.jobId(), "lines.txt"))) {
      Response r = alice.get(path);
      assertThat(r.status()).as(path).isEqualTo(409);
      assertThat(r.problemType()).isEqualTo("state-conflict");
      assertThat(r.body().path("detail").asString())
          .isEqualTo("Job " + a.jobId() + " is RUNNING; its output files are published when the job completes.");
    }
  }

  @Test
  void aJobWhoseOutputDirectoryStayedEmptyListsNoFiles() throws Exception {
    long job = completedWith(Map.of());
    assertThat(alice.get("/api/v1/jobs/" + job + "/outputs").expect(200).path("files")).isEmpty();
  }

  @Test
  void theChunkCollectorKeepsThePacksOfPublishedOutputsWhileTheJobExists() throws Exception {
    long job = completedWith(twoFiles());
    String key = jdbc.queryForObject("select outputs_manifest_key from jobs where id = ?", String.class, job);
    assertThat(key).isEqualTo(ImageLayout.outputsManifestKey(job, 1));
    java.util.Set<String> packs = images.chunkKeysOf(key);
    assertThat(packs).isNotEmpty();
    java.time.Instant afterGrace = java.time.Instant.now().plus(checkpointProperties.chunkGrace())
        .plus(java.time.Duration.ofMinutes(5));

    collector(afterGrace).collect();
    assertThat(io.tern.scheduler.support.TestStorage.objects(images.settings().bucket(), images.settings().objectKey("packs/")))
        .containsKeys(packs.stream().map(k -> images.settings().objectKey(k)).toArray(String[]::new));
    assertThat(alice.download(url(job, "lines.txt")).body()).isEqualTo(big);

    jdbc.update("delete from job_events where job_id = ?", job);
    jdbc.update("delete from checkpoints where job_id = ?", job);
    jdbc.update("update jobs set current_attempt_id = null where id = ?", job);
    jdbc.update("delete from attempts where job_id = ?", job);
    jdbc.update("delete from jobs where id = ?", job);
    collector(afterGrace).collect();
    assertThat(io.tern.scheduler.support.TestStorage.objects(images.settings().bucket(), images.settings().objectKey("packs/")))
        .as("the job is gone: so are its outputs' packs")
        .doesNotContainKeys(packs.stream().map(k -> images.settings().objectKey(k)).toArray(String[]::new));
  }

  private io.tern.scheduler.checkpoint.CheckpointCollector collector(java.time.Instant now) {
    return new io.tern.scheduler.checkpoint.CheckpointCollector(checkpoints, collections, jobs, events, tx, imageStores,
        checkpointProperties, metrics, new io.tern.testsupport.ManualClock(now), retained);
  }

  @Test
  void theSchedulerAcceptsOnlyTheAttemptsOwnOutputsManifest() {
    Assignment a = running();
    Response r = worker.succeeded(a.attemptId(), "{}", ImageLayout.outputsManifestKey(a.jobId() + 1, a.attemptNumber()));
    assertThat(r.status()).isEqualTo(400);
    assertThat(alice.state(a.jobId())).as("nothing changed").isEqualTo("RUNNING");
  }
}
