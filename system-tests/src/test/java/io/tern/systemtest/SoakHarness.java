package io.tern.systemtest;

import io.tern.testsupport.TernClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Randomized soak (not part of {@code ./mvnw verify}): 20 jobs are in the cluster for the whole
 * window — each that completes is replaced by a new one — while a random worker is killed with
 * {@code kill -9} every few seconds and started again a little later; then every job submitted must
 * complete exactly once with the correct result ({@link Invariants}). Most jobs are paced (their
 * steps wait rather than compute), so they last long on a small machine and the kills keep hitting
 * running jobs, mid-step and mid-checkpoint.
 *
 * <pre>
 * ./mvnw -o -pl system-tests verify -Dit.test=SoakHarness \
 *     [-Dtern.soak.seed=42] [-Dtern.soak.minutes=10]
 * </pre>
 */
class SoakHarness {

  private static final Logger log = LoggerFactory.getLogger(SoakHarness.class);
  private static final int IN_FLIGHT = 20;

  private static String stateOrNull(TernClient api, long id) {
    try {
      return api.state(id);
    } catch (RuntimeException e) {
      return null; // the scheduler is busy; counted as not finished this tick
    }
  }

  @Test
  void jobsSurviveRandomWorkerKills() throws Exception {
    long seed = Long.getLong("tern.soak.seed", System.nanoTime());
    Duration length = Duration.ofMinutes(Long.getLong("tern.soak.minutes", 10));
    Random random = new Random(seed);
    log.info("SOAK seed={} length={}", seed, length);

    try (ProcessCluster cluster = ProcessCluster.start(ClusterOptions.defaults("soak").withWorkers(3, 2))) {
      TernClient api = cluster.api();
      Map<Long, TestJob> jobs = new LinkedHashMap<>();
      List<TestJob> mix = List.of(TestJob.pacedMonteCarloPi(400_000_000L, 250),
          TestJob.pacedMonteCarloPi(200_000_000L, 500), TestJob.primes(2_000_000_000L),
          TestJob.pacedMonteCarloPi(600_000_000L, 150), TestJob.monteCarloPi(200_000_000L));
      for (int i = 0; i < IN_FLIGHT; i++) {
        TestJob job = mix.get(random.nextInt(mix.size()));
        jobs.put(api.submit(job.request("soak-" + jobs.size())), job);
      }
      Instant end = Instant.now().plus(length);
      int kills = 0;
      List<ManagedProcess> down = new ArrayList<>();
      while (Instant.now().isBefore(end)) {
        Outage.last(Duration.ofMillis(2_000 + random.nextInt(6_000)));
        long finished = jobs.keySet().stream().filter(id -> "COMPLETED".equals(stateOrNull(api, id))).count();
        for (long i = jobs.size() - finished; i < IN_FLIGHT; i++) {
          TestJob job = mix.get(random.nextInt(mix.size()));
          jobs.put(api.submit(job.request("soak-" + jobs.size())), job);
        }
        for (ManagedProcess dead : List.copyOf(down)) {
          if (random.nextBoolean()) {
            dead.start(); // not waiting for it to register: it may well be killed again while starting
            down.remove(dead);
          }
        }
        List<ManagedProcess> alive = cluster.workers().stream().filter(ManagedProcess::isAlive).toList();
        if (alive.size() > 1) {
          ManagedProcess victim = alive.get(random.nextInt(alive.size()));
          cluster.kill9(victim);
          down.add(victim);
          kills++;
        }
      }
      for (ManagedProcess dead : down) {
        dead.start();
      }
      for (ManagedProcess worker : cluster.workers()) {
        cluster.awaitWorkerActive(worker);
      }
      log.info("SOAK killed {} workers in {}; waiting for the jobs", kills, length);
      Invariants.assertAllCompletedCorrectly(api, jobs, Duration.ofMinutes(15));
      long lost = jobs.keySet().stream().flatMap(id -> api.attempts(id).stream())
          .filter(a -> "LOST".equals(a.path("state").asString())).count();
      long completedInWindow = jobs.size() - IN_FLIGHT;
      log.info("SOAK PASSED seed={} kills={} jobs={} (replaced during the window: {}) lostAttempts={}", seed, kills,
          jobs.size(), completedInWindow, lost);
    }
  }
}
