package io.tern.systemtest;

import static org.awaitility.Awaitility.await;

import io.tern.testsupport.TernClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * Measures (not part of {@code ./mvnw verify}) the time from {@code kill -9} of a worker to its job
 * running again on another worker, restored from its latest image, with the default heartbeat (2 s)
 * and worker timeout (10 s), for a PageRank job whose image is about 10 MB and one of about 256 MB.
 * Writes {@code target/recovery-times.txt}.
 *
 * <pre>
 * ./mvnw -o -pl system-tests verify -Dit.test=RecoveryTimeHarness \
 *     [-Dtern.recovery.trials=10] [-Dtern.recovery.sizes=10,256]
 * </pre>
 */
class RecoveryTimeHarness {

  private static final Logger log = LoggerFactory.getLogger(RecoveryTimeHarness.class);

  @Test
  void killToRunningAgain() throws Exception {
    int trials = Integer.getInteger("tern.recovery.trials", 10);
    List<String> report = new ArrayList<>();
    ClusterOptions options = ClusterOptions.defaults("recovery").withWorkers(2, 1)
        .withTiming(Duration.ofSeconds(2), Duration.ofSeconds(10));
    try (ProcessCluster cluster = ProcessCluster.start(options)) {
      // image = two double arrays of `nodes` entries (+ small header): 16 bytes per node
      String sizes = System.getProperty("tern.recovery.sizes", "10,256");
      if (sizes.contains("10")) {
        report.add(measure(cluster, "10 MB", new TestJob("pagerank", java.util.Map.of("nodes", "655360", "outDegree", "4",
            "iterations", "100000", "nodesPerStep", "65536", "seed", "3"), 512, 2), trials));
      }
      if (sizes.contains("256")) {
        report.add(measure(cluster, "256 MB", new TestJob("pagerank", java.util.Map.of("nodes", "16777216", "outDegree", "2",
            "iterations", "100000", "nodesPerStep", "1048576", "seed", "3"), 2560, 5), trials));
      }
    }
    Files.write(Path.of("target", "recovery-times.txt"), report, java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    report.forEach(line -> log.info("RECOVERY {}", line));
  }

  private String measure(ProcessCluster cluster, String label, TestJob job, int trials) {
    TernClient api = cluster.api();
    long id = api.submit(job.request("recovery-" + label.replace(' ', '-')));
    List<Long> millis = new ArrayList<>();
    List<Long> restoreMillis = new ArrayList<>();
    for (int trial = 0; trial < trials; trial++) {
      JsonNode running = await("attempt running with a checkpoint of its own").atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
          .until(() -> {
            JsonNode j = api.job(id);
            int n = j.path("currentAttempt").path("number").asInt();
            boolean ok = "RUNNING".equals(j.path("currentAttempt").path("state").asString())
                && api.checkpoints(id).stream().anyMatch(c -> "COMMITTED".equals(c.path("state").asString())
                    && c.path("attempt").asInt() == n);
            return ok ? j : null;
          }, j -> j != null);
      int number = running.path("currentAttempt").path("number").asInt();
      ManagedProcess victim = cluster.workers().stream()
          .filter(w -> w.name().equals(running.path("currentAttempt").path("worker").asString())).findFirst().orElseThrow();
      Instant killed = Instant.now();
      cluster.kill9(victim);
      JsonNode next = await("running again elsewhere").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
          .ignoreExceptions()
          .until(() -> api.attempts(id).stream().filter(a -> a.path("number").asInt() > number)
              .filter(a -> a.path("startedAt").isTextual()).findFirst().orElse(null), a -> a != null);
      long ms = Duration.between(killed, Instant.parse(next.path("startedAt").asString())).toMillis();
      millis.add(ms);
      restoreMillis.add(next.path("restoreMs").asLong());
      log.info("RECOVERY {} trial {}: {} ms (restore {} ms, {} bytes)", label, trial + 1, ms,
          next.path("restoreMs").asLong(), next.path("restoredBytes").asLong());
      cluster.restartWorker(victim);
    }
    api.cancel(id); // frees its slot for the next measurement
    List<Long> sorted = millis.stream().sorted().toList();
    long median = sorted.get(sorted.size() / 2);
    return String.format("%s: trials=%d median=%d ms max=%d ms min=%d ms restoreMedian=%d ms all=%s",
        label, trials, median, sorted.get(sorted.size() - 1), sorted.get(0),
        restoreMillis.stream().sorted().toList().get(restoreMillis.size() / 2), millis);
  }
}
