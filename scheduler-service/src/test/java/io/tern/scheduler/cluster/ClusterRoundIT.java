package io.tern.scheduler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.protocol.Assignment;
import io.tern.protocol.Heartbeat;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Scheduling rounds over real HTTP and PostgreSQL: a round reads only the head of a long queue (free
 * slots plus a lookahead of 1 here) and still places the right jobs; a move the worker does not
 * finish by its vacate deadline (2 s here) is stopped by the scheduler.
 */
@SchedulerIT
@TestPropertySource(properties = {"tern.scheduler.placement-lookahead=1", "tern.operations.vacate-deadline=2s"})
class ClusterRoundIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ClusterSnapshotReader reader;
  @Autowired TransactionTemplate tx;

  @Test
  void aHoldOfAJobStuckInAStepStopsItAtTheVacateDeadlineAndTheJobIsHeldAtItsLastCheckpoint() {
    new Tables(jdbc).clear();
    TernClient admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    FakeWorker worker = new FakeWorker(new TernClient(port), "w-stuck", 1);
    worker.register();
    long job = admin.submit("{\"type\": \"pi\"}");
    Assignment a = worker.awaitAssignment(job);
    worker.started(a.attemptId(), null);
    long seq = worker.beginCheckpointOk(a.attemptId()).seq();
    assertThat(worker.commit(a.attemptId(), seq, 10).status()).isEqualTo(204);

    admin.post("/api/v1/jobs/" + job + "/hold", "{\"reason\": \"maintenance\"}").expect(200);
    // the job is stuck in step(): its worker stays alive and reports it running, but never checkpoints it
    Heartbeat.AttemptStatus stuck = new Heartbeat.AttemptStatus(a.attemptId(), "RUNNING", 10, 0.1);
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
        .until(() -> worker.heartbeat(stuck) != null && admin.state(job).equals("HELD"));

    assertThat(admin.attempts(job).get(0).path("state").asString()).isEqualTo("KILLED");
    JsonNode stopped = admin.events(job).stream()
        .filter(e -> e.path("type").asString().equals("STOPPED_AT_DEADLINE")).findFirst().orElseThrow();
    assertThat(stopped.path("message").asString()).contains("vacate deadline").contains("from checkpoint " + seq);
    assertThat(worker.heartbeat().assignments()).isEmpty();
  }

  @Test
  void aRoundWithManyQueuedJobsPlacesTheHighestPrioritiesThatFit() {
    new Tables(jdbc).clear();
    TernClient admin = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    List<Long> low = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      low.add(admin.submit("{\"type\": \"pi\", \"priority\": " + (i % 5) + "}"));
    }
    long tooBig = admin.submit("{\"type\": \"pi\", \"priority\": 60, \"resources\": {\"slots\": 8, \"memoryMb\": 64}}");
    long first = admin.submit("{\"type\": \"pi\", \"priority\": 50}");
    long second = admin.submit("{\"type\": \"pi\", \"priority\": 40}");
    jdbc.update("update jobs set not_before = now() + interval '1 hour', priority = 90 where id = ?", low.get(0));

    FakeWorker worker = new FakeWorker(new TernClient(port), "w-lookahead", 2);
    worker.register();

    worker.awaitAssignment(first);
    worker.awaitAssignment(second);
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4))
        .until(() -> jdbc.queryForObject("select count(*) from attempts", Long.class) == 2);
    assertThat(admin.state(tooBig)).isEqualTo("QUEUED");
    assertThat(low).allSatisfy(id -> assertThat(admin.state(id)).isEqualTo("QUEUED"));

    // the worker is full: a round reads the due head of the queue only (0 free slots + lookahead 1), not 41 jobs
    ClusterSnapshot snapshot = tx.execute(status -> reader.read(false));
    assertThat(snapshot.queued()).extracting(q -> q.jobId()).containsExactly(tooBig);
  }
}
