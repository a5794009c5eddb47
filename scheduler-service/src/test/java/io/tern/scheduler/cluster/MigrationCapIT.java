package io.tern.scheduler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tern.protocol.Assignment;
import io.tern.scheduler.support.FakeWorker;
import io.tern.scheduler.support.SchedulerIT;
import io.tern.scheduler.support.Tables;
import io.tern.scheduler.support.TestCredentials;
import io.tern.testsupport.TernClient;
import io.tern.testsupport.TernClient.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A drain and rebalancing rounds started at the same moment against one real PostgreSQL: together
 * they never have more moves in flight than {@code maxParallelMigrations}.
 */
@SchedulerIT
class MigrationCapIT {

  @LocalServerPort int port;
  @Autowired JdbcTemplate jdbc;
  @Autowired ClusterRound rounds;

  TernClient api;

  @BeforeEach
  void setUp() {
    api = new TernClient(port).withBearer(TestCredentials.ADMIN_TOKEN);
    new Tables(jdbc).clear();
  }

  @AfterEach
  void rebalancingOff() {
    new Tables(jdbc).clear();
  }

  @Test
  void aDrainAndTheRebalancerAtOnceStayWithinTheCapOnParallelMigrations() throws Exception {
    Response set = api.put("/api/v1/settings/operations", "{\"maxParallelMigrations\": 2, \"rebalanceEnabled\": true,"
        + " \"rebalanceThreshold\": 0.3, \"rebalanceCooldownSeconds\": 0, \"rebalanceMaxMoves\": 2}");
    assertThat(set.status()).as(set.raw()).isEqualTo(200);
    FakeWorker busy = worker("busy", 4);
    for (int i = 0; i < 4; i++) {
      running(busy, submit());
    }
    FakeWorker drained = worker("drained", 2);
    for (int i = 0; i < 2; i++) {
      running(drained, submit());
    }
    worker("idle", 4);

    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> started = new ArrayList<>();
      started.add(pool.submit(() -> api.post("/api/v1/workers/" + drained.id() + "/drain", null)));
      started.add(pool.submit(rounds::runWithRebalance));
      started.add(pool.submit(rounds::runWithRebalance));
      for (Future<?> f : started) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdown();
    }

    await().atMost(Duration.ofSeconds(20)).until(() -> movesInFlight() == 2);
    for (int round = 0; round < 10; round++) {
      rounds.runWithRebalance();
      assertThat(movesInFlight()).isEqualTo(2);
    }
    assertThat(jdbc.queryForObject("select count(*) from job_events where type in ('DRAIN_MOVE', 'REBALANCE_MOVE')",
        Integer.class)).isEqualTo(2);
  }

  private int movesInFlight() {
    return jdbc.queryForObject(
        "select count(*) from attempts where state in ('PENDING', 'RUNNING') and desired = 'VACATE'", Integer.class);
  }

  private FakeWorker worker(String name, int slots) {
    FakeWorker w = new FakeWorker(new TernClient(port), name, slots);
    w.register();
    return w;
  }

  private long submit() {
    Response r = api.post("/api/v1/jobs", "{\"type\": \"pi\"}");
    assertThat(r.status()).as(r.raw()).isEqualTo(201);
    return r.body().path("id").asLong();
  }

  private static void running(FakeWorker w, long job) {
    Assignment a = w.awaitAssignment(job);
    assertThat(w.started(a.attemptId(), null).status()).isEqualTo(204);
  }
}
