package io.tern.scheduler.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
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
 * The live event stream over real HTTP: job events reach the dashboards that may see them (a
 * submitter only its own jobs), events written by another scheduler replica (straight into the
 * table) arrive too, and a reconnecting browser gets what it missed.
 */
@SchedulerIT
class EventStreamIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired EventFeed feed;

  private final HttpClient http = HttpClient.newHttpClient();
  private final List<CompletableFuture<?>> open = new CopyOnWriteArrayList<>();
  private TernClient admin;
  private String carolToken;

  @BeforeEach
  void setUp() {
    new Tables(jdbc).clear();
    feed.pollEvents(); // the feed notices now that the table was emptied and its ids restarted
    admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    carolToken = admin.post("/api/v1/tokens", "{\"name\": \"carol-dash\", \"role\": \"SUBMITTER\", \"owner\": \"carol\"}")
        .body().path("token").asString();
  }

  @AfterEach
  void closeStreams() {
    open.forEach(f -> f.cancel(true));
  }

  @Test
  void aSubmitterSeesOnlyItsOwnJobsWhileAnOperatorSeesAll() {
    List<String> carolSees = listen(carolToken, null);
    List<String> adminSees = listen(TestCredentials.ADMIN_TOKEN, null);
    awaitStreamsOpen();

    long adminJob = admin.post("/api/v1/jobs", "{\"type\": \"pi\", \"name\": \"admins-pi\"}").body().path("id").asLong();
    long carolJob = new TernClient(port).withBearer(carolToken)
        .post("/api/v1/jobs", "{\"type\": \"pi\", \"name\": \"carols-pi\"}").body().path("id").asLong();

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      assertThat(String.join("\n", adminSees)).contains("\"jobId\":" + adminJob).contains("\"jobId\":" + carolJob);
      assertThat(String.join("\n", carolSees)).contains("\"jobId\":" + carolJob).contains("\"type\":\"SUBMITTED\"");
    });
    assertThat(String.join("\n", carolSees)).doesNotContain("admins-pi").doesNotContain("\"jobId\":" + adminJob);
  }

  @Test
  void eventsWrittenByAnotherReplicaArriveAndAReconnectReplaysWhatWasMissed() {
    long job = admin.post("/api/v1/jobs", "{\"type\": \"pi\", \"name\": \"elsewhere\"}").body().path("id").asLong();
    long firstEvent = jdbc.queryForObject("select max(id) from job_events", Long.class);
    List<String> live = listen(TestCredentials.ADMIN_TOKEN, null);
    awaitStreamsOpen();

    // another replica appends to the same table
    jdbc.update(
        "insert into job_events (job_id, type, message, created_at) values (?, 'CHECKPOINT_COMMITTED', 'from replica 2', ?)",
        job, java.sql.Timestamp.from(Instant.now()));
    await().atMost(Duration.ofSeconds(10)).until(() -> String.join("\n", live).contains("from replica 2"));
    assertThat(live).anyMatch(l -> l.startsWith("event:job"));
    assertThat(live).anyMatch(l -> l.startsWith("id:"));

    List<String> resumed = listen(TestCredentials.ADMIN_TOKEN, Long.toString(firstEvent - 1));
    await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
        assertThat(String.join("\n", resumed)).contains("\"type\":\"SUBMITTED\"").contains("from replica 2"));
  }

  @Test
  void recentEventsAndTheTimelineCountWhatHappened() {
    long job = admin.post("/api/v1/jobs", "{\"type\": \"pi\"}").body().path("id").asLong();
    jdbc.update(
        "insert into job_events (job_id, type, message, created_at) values (?, 'CHECKPOINT_COMMITTED', 'c1', now()), (?, 'COMPLETED', 'done', now())",
        job, job);

    Response recent = admin.get("/api/v1/events?limit=2");
    assertThat(recent.status()).isEqualTo(200);
    assertThat(recent.body().get(0).path("type").asString()).isEqualTo("COMPLETED");
    assertThat(recent.body().get(0).path("jobId").asLong()).isEqualTo(job);

    Response timeline = admin.get("/api/v1/events/timeline?minutes=10&bucketSeconds=600");
    assertThat(timeline.status()).isEqualTo(200);
    long completed = 0;
    long checkpoints = 0;
    for (var bucket : timeline.body()) {
      completed += bucket.path("completed").asLong();
      checkpoints += bucket.path("checkpoints").asLong();
    }
    assertThat(completed).isEqualTo(1);
    assertThat(checkpoints).isEqualTo(1);

    assertThat(new TernClient(port).withBearer(carolToken).get("/api/v1/events").body()).as("not carol's job").isEmpty();
    assertThat(admin.get("/api/v1/events?limit=0").status()).isEqualTo(400);
    assertThat(new TernClient(port).get("/api/v1/events/stream").status()).isEqualTo(401);
  }

  @Test
  void aStreamEndsSoonAfterTheTokenItWasOpenedWithIsRevoked() {
    long carolTokenId = admin.get("/api/v1/tokens").body().findValues("id").stream().mapToLong(n -> n.asLong()).max().orElseThrow();
    List<String> carolSees = listen(carolToken, null);
    List<String> adminSees = listen(TestCredentials.ADMIN_TOKEN, null);
    awaitStreamsOpen();

    assertThat(admin.delete("/api/v1/tokens/" + carolTokenId).status()).isEqualTo(204);
    await().atMost(Duration.ofSeconds(5)).until(() -> carolSees.contains(ENDED));
    long job = admin.post("/api/v1/jobs", "{\"type\": \"pi\", \"name\": \"after-revoke\"}").body().path("id").asLong();
    await().atMost(Duration.ofSeconds(10)).until(() -> String.join("\n", adminSees).contains("\"jobId\":" + job));
    assertThat(adminSees).as("a stream of a valid token stays open").doesNotContain(ENDED);
    assertThat(new TernClient(port).withBearer(carolToken).get("/api/v1/events/stream").status()).isEqualTo(401);
  }

  private static final String ENDED = "(stream ended)";

  @Test
  void aSubmitterHoldsAtMostTheConfiguredNumberOfStreams() {
    TernClient operator = new TernClient(port).withBearer(admin.post("/api/v1/tokens",
        "{\"name\": \"ops-streams\", \"role\": \"OPERATOR\", \"owner\": \"ops-streams\"}").body().path("token").asString());
    tools.jackson.databind.node.ObjectNode limits =
        (tools.jackson.databind.node.ObjectNode) operator.get("/api/v1/settings/limits").expect(200);
    limits.put("maxStreamsPerOwner", 2);
    operator.put("/api/v1/settings/limits", limits).expect(200);
    String daveToken = admin.post("/api/v1/tokens", "{\"name\": \"dave-dash\", \"role\": \"SUBMITTER\", \"owner\": \"dave\"}")
        .body().path("token").asString();
    String daveLaptop = admin.post("/api/v1/tokens", "{\"name\": \"dave-laptop\", \"role\": \"SUBMITTER\", \"owner\": \"dave\"}")
        .body().path("token").asString();
    listen(daveToken, null);
    listen(daveLaptop, null);
    listen(carolToken, null);
    awaitStreamsOpen();

    List<String> third = listen(daveLaptop, null);

    await().atMost(Duration.ofSeconds(10)).until(() -> third.contains("status:429"));
    assertThat(String.join("\n", third)).contains("stream-limit").contains("2");
  }

  /** Opens a stream and collects its lines in the background. */
  private List<String> listen(String token, String lastEventId) {
    List<String> lines = new CopyOnWriteArrayList<>();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events/stream"))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "text/event-stream");
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
    streams.add(lines);
    return lines;
  }

  private final List<List<String>> streams = new CopyOnWriteArrayList<>();

  /** Waits until every stream has answered 200 and sent its first keep-alive. */
  private void awaitStreamsOpen() {
    await().atMost(Duration.ofSeconds(10)).until(() -> streams.stream().allMatch(s -> s.contains("status:200") && s.size() > 1));
  }
}
