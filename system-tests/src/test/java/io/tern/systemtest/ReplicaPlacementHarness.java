package io.tern.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.testsupport.JobRequest;
import io.tern.testsupport.TernClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two scheduler replicas place 1,000 short jobs submitted concurrently to both: no job is placed
 * twice — each job has as many PLACED events as attempts and exactly one SUCCEEDED attempt with the
 * correct result. Not part of {@code ./mvnw verify} (a few minutes on 2 cores):
 *
 * <pre>
 * ./mvnw -o -pl system-tests verify -Dit.test=ReplicaPlacementHarness [-Dtern.replicas.jobs=1000]
 * </pre>
 */
class ReplicaPlacementHarness {

  private static final Logger log = LoggerFactory.getLogger(ReplicaPlacementHarness.class);

  @Test
  void noJobIsPlacedTwice() throws Exception {
    int count = Integer.getInteger("tern.replicas.jobs", 1000);
    TestJob job = TestJob.monteCarloPi(2_000_000L);
    try (ProcessCluster cluster = ProcessCluster.start(ClusterOptions.defaults("replicas").withSchedulers(2).withWorkers(3, 2))) {
      List<TernClient> replicas = List.of(cluster.directApi(0), cluster.directApi(1));
      ExecutorService submitters = Executors.newFixedThreadPool(4);
      List<Future<Long>> ids = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        TernClient replica = replicas.get(i % 2);
        JobRequest body = job.request("short-" + i);
        ids.add(submitters.submit(() -> replica.submit(body)));
      }
      Map<Long, TestJob> jobs = new LinkedHashMap<>();
      for (Future<Long> id : ids) {
        jobs.put(id.get(), job);
      }
      submitters.shutdown();
      Invariants.assertAllCompletedCorrectly(cluster.api(), jobs, Duration.ofMinutes(30));
      List<String> doubles = new ArrayList<>();
      for (long id : jobs.keySet()) {
        long placed = cluster.api().events(id).stream().filter(e -> "PLACED".equals(e.path("type").asString())).count();
        int attempts = cluster.api().attempts(id).size();
        if (placed != attempts) {
          doubles.add("job " + id + ": " + placed + " PLACED events for " + attempts + " attempts");
        }
      }
      assertThat(doubles).isEmpty();
      log.info("REPLICAS {} jobs placed by two replicas, none twice", count);
    }
  }
}
