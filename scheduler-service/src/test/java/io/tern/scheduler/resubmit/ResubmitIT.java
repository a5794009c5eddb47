package io.tern.scheduler.resubmit;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.protocol.Assignment;
import io.tern.scheduler.checkpoint.CheckpointCollector;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Resubmitting from a retained checkpoint over real HTTP, against a real PostgreSQL: the new job
 * restores the source image, the source is untouched, and the collector keeps the source checkpoint
 * while the new job may still need it.
 */
@SchedulerIT
class ResubmitIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired CheckpointCollector collector;

  TernClient api;
  Tables tables;
  FakeWorker x;
  long source;

  @BeforeEach
  void setUp() {
    api = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    tables = new Tables(jdbc);
    tables.clear();
    x = new FakeWorker(new TernClient(port), "x", 2);
    x.register();
    source = created(api.post("/api/v1/jobs",
        "{\"type\": \"pi\", \"parameters\": {\"samples\": 1000, \"seed\": 7}, \"retainCheckpoints\": 3}"));
    Assignment a = x.awaitAssignment(source);
    x.started(a.attemptId(), null);
    for (int step = 10; step <= 30; step += 10) {
      long seq = x.beginCheckpointOk(a.attemptId()).seq();
      assertThat(x.commit(a.attemptId(), seq, step).status()).isEqualTo(204);
    }
    x.finished(a.attemptId(), "SUCCEEDED", "{\"pi\": 3.14}", null, 0);
  }

  @Test
  void aResubmittedJobRestoresTheChosenCheckpointOfAFinishedJobAndRecordsItsOrigin() {
    String before = checkpoints(source);
    Response r = api.post("/api/v1/jobs/resubmit", "{\"fromJobId\": " + source + ", \"checkpointSeq\": 2,"
        + " \"overrides\": {\"priority\": 5, \"parameters\": {\"seed\": 8}, \"name\": \"again\"}}");
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    long copy = r.body().path("id").asLong();
    assertThat(r.location()).endsWith("/api/v1/jobs/" + copy);
    assertThat(r.body().path("origin").path("jobId").asLong()).isEqualTo(source);
    assertThat(r.body().path("origin").path("checkpointSeq").asLong()).isEqualTo(2);
    assertThat(r.body().path("priority").asInt()).isEqualTo(5);
    assertThat(r.body().path("name").asString()).isEqualTo("again");
    assertThat(r.body().path("parameters").path("seed").asInt()).isEqualTo(8);
    assertThat(r.body().path("parameters").path("samples").asInt()).as("merged, not replaced").isEqualTo(1000);

    Assignment first = x.awaitAssignment(copy);
    assertThat(first.restoreFrom().seq()).isEqualTo(2);
    assertThat(first.restoreFrom().manifestKey()).isEqualTo(String.format("jobs/%d/checkpoints/%010d.json", source, 2));
    assertThat(first.restoreCandidates()).hasSize(1);
    assertThat(checkpoints(source)).as("the source's checkpoints are untouched").isEqualTo(before);
    assertThat(types(copy)).contains("RESUBMITTED");
    assertThat(types(source)).contains("CHECKPOINT_RESUBMITTED");
  }

  @Test
  void theCollectorKeepsTheSourceCheckpointUntilTheNewJobHasOneOfItsOwn() throws Exception {
    long copy = created(api.post("/api/v1/jobs/" + source + "/resubmit", "{\"checkpointSeq\": 2}"));
    collector.collect();
    assertThat(state(source, 1)).isEqualTo("DELETED");
    assertThat(state(source, 2)).as("needed by job " + copy).isEqualTo("COMMITTED");
    assertThat(state(source, 3)).isEqualTo("COMMITTED");

    Assignment a = x.awaitAssignment(copy);
    x.started(a.attemptId(), 2L);
    long own = x.beginCheckpointOk(a.attemptId()).seq();
    assertThat(x.commit(a.attemptId(), own, 25).status()).isEqualTo(204);
    collector.collect();
    assertThat(state(source, 2)).as("no longer needed").isEqualTo("DELETED");
    assertThat(state(source, 3)).isEqualTo("COMMITTED");
  }

  @Test
  void onlyACommittedCheckpointOfAVisibleJobCanBeResubmitted() {
    String before = tables.fingerprint();
    expect(api.post("/api/v1/jobs/resubmit", "{\"fromJobId\": " + source + ", \"checkpointSeq\": 9}"), 404, "not-found");
    assertThat(tables.fingerprint()).isEqualTo(before);
    expect(api.post("/api/v1/jobs/resubmit", "{\"checkpointSeq\": 2}"), 400, "invalid-request");
    expect(api.post("/api/v1/jobs/" + source + "/resubmit", "{}"), 400, "invalid-request");
    expect(api.post("/api/v1/jobs/" + source + "/resubmit",
        "{\"checkpointSeq\": 2, \"overrides\": {\"resources\": {\"slots\": 0, \"memoryMb\": 128}}}"), 400, "invalid-request");
    Response aliceToken = api.post("/api/v1/tokens", "{\"name\": \"a\", \"role\": \"SUBMITTER\", \"owner\": \"alice\"}");
    TernClient alice = new TernClient(port).withBearer(aliceToken.body().path("token").asString());
    String afterToken = tables.fingerprint();
    expect(alice.post("/api/v1/jobs/" + source + "/resubmit", "{\"checkpointSeq\": 2}"), 404, "not-found");
    assertThat(tables.fingerprint()).isEqualTo(afterToken);
    jdbc.update("update checkpoints set state = 'DELETED' where job_id = ? and seq = 1", source);
    expect(api.post("/api/v1/jobs/" + source + "/resubmit", "{\"checkpointSeq\": 1}"), 409, "state-conflict");
  }

  private String state(long job, long seq) {
    return jdbc.queryForObject("select state from checkpoints where job_id = ? and seq = ?", String.class, job, seq);
  }

  private String checkpoints(long job) {
    return api.get("/api/v1/jobs/" + job + "/checkpoints").raw();
  }

  private List<String> types(long job) {
    List<String> out = new ArrayList<>();
    api.get("/api/v1/jobs/" + job + "/events").body().forEach(e -> out.add(e.path("type").asString()));
    return out;
  }

  private static long created(Response r) {
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }

  private static void expect(Response r, int status, String problem) {
    assertThat(r.status()).as(r.raw()).isEqualTo(status);
    assertThat(r.problemType()).as(r.raw()).isEqualTo(problem);
  }
}
