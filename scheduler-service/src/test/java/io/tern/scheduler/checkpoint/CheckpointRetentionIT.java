package io.tern.scheduler.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A running job's checkpoints through their whole life, driven by a test acting as the worker: one
 * reported corrupt by a restore, one aborted by its writer, older committed ones beyond the job's
 * retention — a collection round deletes exactly those and keeps the newest committed one.
 */
@SchedulerIT
class CheckpointRetentionIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired CheckpointCollector collector;

  TernClient api;

  @BeforeEach
  void setUp() {
    api = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    new Tables(jdbc).clear();
  }

  @Test
  void corruptAbortedAndOutOfRetentionCheckpointsAreDeletedAndTheNewestCommittedOneIsKept() throws Exception {
    FakeWorker worker = new FakeWorker(api, "worker-retention", 1);
    worker.register();
    long jobId = api.post("/api/v1/jobs", "{\"type\": \"pi\", \"retainCheckpoints\": 1}").body().path("id").asLong();
    long attempt = worker.awaitAssignment(jobId).attemptId();
    worker.started(attempt, null);

    long corrupt = worker.beginCheckpointOk(attempt).seq();
    assertThat(worker.commit(attempt, corrupt, 10).status()).isEqualTo(204);
    assertThat(worker.corrupt(attempt, corrupt, "CHUNK_HASH_MISMATCH").status()).isEqualTo(204);
    long aborted = worker.beginCheckpointOk(attempt).seq();
    assertThat(worker.abort(attempt, aborted).status()).isEqualTo(204);
    long older = worker.beginCheckpointOk(attempt).seq();
    assertThat(worker.commit(attempt, older, 30).status()).isEqualTo(204);
    long newest = worker.beginCheckpointOk(attempt).seq();
    assertThat(worker.commit(attempt, newest, 40).status()).isEqualTo(204);
    assertThat(states(jobId)).isEqualTo(Map.of(
        corrupt, "CORRUPT", aborted, "ABORTED", older, "COMMITTED", newest, "COMMITTED"));

    collector.collect();

    assertThat(states(jobId)).isEqualTo(Map.of(
        corrupt, "DELETED", aborted, "DELETED", older, "DELETED", newest, "COMMITTED"));
    JsonNode events = api.get("/api/v1/jobs/" + jobId + "/events").body();
    assertThat(StreamSupport.stream(events.spliterator(), false).map(e -> e.path("type").asString()))
        .containsSubsequence("CHECKPOINT_CORRUPT", "CHECKPOINT_ABORTED", "CHECKPOINT_DELETED");
  }

  private Map<Long, String> states(long jobId) {
    Map<Long, String> bySeq = new HashMap<>();
    for (JsonNode c : api.get("/api/v1/jobs/" + jobId + "/checkpoints").body()) {
      bySeq.put(c.path("seq").asLong(), c.path("state").asString());
    }
    return bySeq;
  }
}
