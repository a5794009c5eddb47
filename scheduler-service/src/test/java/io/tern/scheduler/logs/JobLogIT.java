package io.tern.scheduler.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.image.ImageStore;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerWithStorageIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.scheduler.support.TestStorage;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code GET /api/v1/jobs/{id}/logs} over real HTTP, reading what a worker shipped to the bucket
 * (written here through the image store as the worker writes it) and the attempts in PostgreSQL.
 */
@SchedulerWithStorageIT
class JobLogIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ImageStore images;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<CompletableFuture<?>> open = new CopyOnWriteArrayList<>();
  private TernClient admin;
  private TernClient alice;
  private TernClient bob;
  private String aliceToken;
  private FakeWorker worker;
  private String workerName;
  private final long[] next = new long[5];
  private final java.time.Instant base = java.time.Instant.now();

  @BeforeEach
  void setUp() throws Exception {
    new Tables(jdbc).clear();
    // job ids start again at 1: the logs of earlier tests' jobs go too
    String bucket = images.settings().bucket();
    for (String key : TestStorage.objects(bucket, images.settings().objectKey("jobs/")).keySet()) {
      TestStorage.server().client().removeObject(io.minio.RemoveObjectArgs.builder().bucket(bucket).object(key).build());
    }
    admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    aliceToken = admin.createToken("alice-logs", "SUBMITTER", "alice");
    alice = new TernClient(port).withBearer(aliceToken);
    bob = new TernClient(port).withBearer(admin.createToken("bob-logs", "SUBMITTER", "bob"));
    workerName = "worker-logs-" + System.nanoTime() % 100000;
    worker = new FakeWorker(admin, workerName, 2);
    worker.register();
  }

  @AfterEach
  void closeStreams() {
    open.forEach(f -> f.cancel(true));
  }

  private void ship(long job, int attempt, String time, String... texts) throws Exception {
    StringBuilder s = new StringBuilder();
    for (String t : texts) {
      s.append(time).append(' ').append(t).append('\n');
    }
    byte[] data = s.toString().getBytes(StandardCharsets.UTF_8);
    images.putLogSegment(job, attempt, next[attempt], data);
    next[attempt] += data.length;
  }

  /** A job of alice's whose attempt 1 logged, checkpointed at step 50 and was killed on its worker; attempt 2 runs. */
  private long[] jobInItsSecondAttempt() throws Exception {
    long job = alice.post("/api/v1/jobs", "{\"type\": \"pi\", \"maxRetries\": 0}").expect(201).path("id").asLong();
    long first = worker.awaitAssignment(job).attemptId();
    worker.started(first, null);
    // the lines carry times an hour or two ahead, so that since= can fall between them and after the markers
    ship(job, 1, AttemptMarkers.time(base.plusSeconds(3600)), "step 1", "step 2");
    long seq = worker.beginCheckpointOk(first).seq();
    assertThat(worker.commit(first, seq, 50).status()).isEqualTo(204);
    ship(job, 1, AttemptMarkers.time(base.plusSeconds(7200)), "step 3");
    assertThat(worker.finished(first, "KILLED", null, null, 137).status()).isEqualTo(204);
    long second = worker.awaitAssignment(job).attemptId();
    worker.started(second, seq);
    ship(job, 2, AttemptMarkers.time(base.plusSeconds(7300)), "step 51");
    return new long[] {job, first, second, seq};
  }

  private static List<String> texts(String body) {
    return body.lines().map(l -> l.substring(25)).toList();
  }

  @Test
  void oneTextAcrossAttemptsInOrderWithMarkersAndTheFiltersAttemptTailAndSince() throws Exception {
    long[] j = jobInItsSecondAttempt();
    long job = j[0];

    Response all = alice.get("/api/v1/jobs/" + job + "/logs");
    assertThat(all.status()).isEqualTo(200);
    assertThat(all.contentType()).startsWith("text/plain");
    assertThat(texts(all.raw())).containsExactly(
        "=== attempt 1 on a worker: fresh start ===", "step 1", "step 2", "step 3",
        "=== attempt 1 ended KILLED ===",
        "=== attempt 2 on a worker: restored from checkpoint " + j[3] + " (step 50) ===", "step 51");
    assertThat(admin.get("/api/v1/jobs/" + job + "/logs").raw()).as("an operator sees the worker")
        .contains("=== attempt 1 on worker " + workerName + ": fresh start ===");

    assertThat(texts(alice.get("/api/v1/jobs/" + job + "/logs?attempt=1").raw())).containsExactly(
        "=== attempt 1 on a worker: fresh start ===", "step 1", "step 2", "step 3",
        "=== attempt 1 ended KILLED ===");
    assertThat(texts(alice.get("/api/v1/jobs/" + job + "/logs?tail=2").raw())).containsExactly(
        "=== attempt 2 on a worker: restored from checkpoint " + j[3] + " (step 50) ===", "step 51");
    assertThat(texts(alice.get("/api/v1/jobs/" + job + "/logs?attempt=1&since=" + base.plusSeconds(5400)).raw()))
        .as("lines at or after the time (the markers carry the attempts' real start and end)").containsExactly("step 3");
    assertThat(texts(alice.get("/api/v1/jobs/" + job + "/logs?since=" + base.plusSeconds(3600)).raw()))
        .containsExactly("step 1", "step 2", "step 3", "step 51");
    assertThat(alice.get("/api/v1/jobs/" + job + "/logs?attempt=3").raw()).isEmpty();
  }

  @Test
  void badParametersAreProblemsAndAnotherOwnersJobIsNotFound() throws Exception {
    long job = jobInItsSecondAttempt()[0];
    for (String query : List.of("attempt=0", "attempt=x", "tail=0", "tail=100001", "since=yesterday", "follow=maybe",
        "follow=true&tail=3")) {
      Response r = alice.get("/api/v1/jobs/" + job + "/logs?" + query);
      assertThat(r.status()).as(query).isEqualTo(400);
      assertThat(r.problemType()).as(query).isEqualTo("invalid-request");
    }
    String[] badId = followOnce(job, "not-a-position");
    assertThat(badId[0]).isEqualTo("400");
    assertThat(badId[1]).contains("invalid-request").contains("Last-Event-ID");

    String missing = bob.get("/api/v1/jobs/999999/logs").body().path("detail").asString();
    Response r = bob.get("/api/v1/jobs/" + job + "/logs");
    assertThat(r.status()).isEqualTo(404);
    assertThat(r.problemType()).isEqualTo("not-found");
    assertThat(r.body().path("detail").asString()).isEqualTo(missing.replace("999999", Long.toString(job)));
    assertThat(bob.get("/api/v1/jobs/" + job + "/logs?follow=true").status()).isEqualTo(404);
  }

  @Test
  void followDeliversNewLinesAsTheyAreShippedResumesAfterLastEventIdAndEndsWithTheJob() throws Exception {
    long[] j = jobInItsSecondAttempt();
    long job = j[0];
    List<String> live = listen(job, null);
    await().atMost(Duration.ofSeconds(10)).until(() -> String.join("\n", live).contains("step 51"));
    assertThat(live).contains("event:marker", "id:1.0", "id:2.0");

    ship(job, 2, AttemptMarkers.time(base.plusSeconds(7305)), "step 52", "step 53");
    await().atMost(Duration.ofSeconds(10)).until(() -> String.join("\n", live).contains("step 53"));
    String afterStep52 = idBefore(live, "step 52");

    List<String> resumed = listen(job, afterStep52);
    ship(job, 2, AttemptMarkers.time(base.plusSeconds(7310)), "step 54");
    assertThat(worker.finished(j[2], "SUCCEEDED", "{}", null, 0).status()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(10)).until(() -> resumed.contains(ENDED) && live.contains(ENDED));

    assertThat(data(resumed)).containsExactly("step 53", "step 54", "=== attempt 2 ended SUCCEEDED ===");
    assertThat(resumed).contains("event:end");
    List<String> whole = data(live);
    assertThat(whole).containsExactly("=== attempt 1 on a worker: fresh start ===", "step 1", "step 2", "step 3",
        "=== attempt 1 ended KILLED ===",
        "=== attempt 2 on a worker: restored from checkpoint " + j[3] + " (step 50) ===",
        "step 51", "step 52", "step 53", "step 54", "=== attempt 2 ended SUCCEEDED ===");
  }

  private static final String ENDED = "(stream ended)";

  private static List<String> data(List<String> sse) {
    return sse.stream().filter(l -> l.startsWith("data:") && !l.contains("\"position\""))
        .map(l -> l.substring(5)).map(l -> l.length() > 25 ? l.substring(25) : l).toList();
  }

  /** The SSE id of the event whose data contains {@code text}. */
  private static String idBefore(List<String> sse, String text) {
    String id = null;
    for (String l : List.copyOf(sse)) {
      if (l.startsWith("id:")) {
        id = l.substring(3);
      } else if (l.startsWith("data:") && l.contains(text)) {
        return id;
      }
    }
    throw new AssertionError("no event with " + text + " in " + sse);
  }

  /** One follow request with {@code Last-Event-ID}: its status and body. */
  private String[] followOnce(long job, String lastEventId) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + job + "/logs?follow=true"))
        .header("Authorization", "Bearer " + aliceToken).header("Accept", "text/event-stream")
        .header("Last-Event-ID", lastEventId).timeout(Duration.ofSeconds(10)).build();
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    return new String[] {Integer.toString(r.statusCode()), r.body()};
  }

  /** Follows a job's log in the background, collecting the stream's lines. */
  private List<String> listen(long job, String lastEventId) {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/jobs/" + job + "/logs?follow=true"))
        .header("Authorization", "Bearer " + aliceToken).header("Accept", "text/event-stream");
    if (lastEventId != null) {
      request.header("Last-Event-ID", lastEventId);
    }
    CompletableFuture<HttpResponse<Stream<String>>> response = http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofLines());
    open.add(response);
    open.add(response.thenAcceptAsync(r -> {
      lines.add("status:" + r.statusCode());
      r.body().forEach(lines::add);
      lines.add(ENDED);
    }));
    return lines;
  }
}
