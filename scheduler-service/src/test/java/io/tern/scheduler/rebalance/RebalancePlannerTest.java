package io.tern.scheduler.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.rebalance.RebalancePlanner.Job;
import io.tern.scheduler.rebalance.RebalancePlanner.Limits;
import io.tern.scheduler.rebalance.RebalancePlanner.Move;
import io.tern.scheduler.rebalance.RebalancePlanner.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebalancePlannerTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final RebalancePlanner planner = new RebalancePlanner();

  private static List<Job> sixJobsOnWorker1() {
    List<Job> jobs = new ArrayList<>();
    for (long id = 1; id <= 6; id++) {
      jobs.add(new Job(id, 100 + id, 1, 1, 1000 * id, NOW.minusSeconds(id), null));
    }
    return jobs;
  }

  private static Limits limits(int maxMoves, int inFlight) {
    return new Limits(0.3, Duration.ofMinutes(1), maxMoves, 10, inFlight);
  }

  @Test
  void movesTheCheapestJobsFromTheBusiestToTheIdlestWorkers() {
    List<Worker> workers = List.of(new Worker(1, "a", 6, 6), new Worker(2, "b", 6, 0), new Worker(3, "c", 6, 0));
    List<Move> moves = planner.plan(workers, sixJobsOnWorker1(), limits(10, 0), NOW);
    assertThat(moves).extracting(Move::jobId).containsExactly(1L, 2L, 3L, 4L);
    assertThat(moves).extracting(Move::toWorkerId).containsExactly(2L, 3L, 2L, 3L);
    assertThat(moves.get(0).reason()).startsWith("Rebalance: worker a at 100% (6 of 6 slots) vs b at 0% (0 of 6 slots)")
        .contains("above the threshold of 30%").contains("latest image 1000 bytes");
  }

  @Test
  void respectsTheCapOnMovesInFlight() {
    List<Worker> workers = List.of(new Worker(1, "a", 6, 6), new Worker(2, "b", 6, 0));
    assertThat(planner.plan(workers, sixJobsOnWorker1(), limits(2, 0), NOW)).hasSize(2);
    assertThat(planner.plan(workers, sixJobsOnWorker1(), limits(2, 1), NOW)).hasSize(1);
    assertThat(planner.plan(workers, sixJobsOnWorker1(), limits(2, 2), NOW)).isEmpty();
  }

  @Test
  void leavesJobsInTheirCooldownAlone() {
    List<Job> jobs = new ArrayList<>();
    jobs.add(new Job(1, 101, 1, 1, 10L, NOW, NOW.minusSeconds(30)));
    jobs.add(new Job(2, 102, 1, 1, 99_999L, NOW, NOW.minusSeconds(61)));
    List<Worker> workers = List.of(new Worker(1, "a", 2, 2), new Worker(2, "b", 2, 0));
    assertThat(planner.plan(workers, jobs, limits(5, 0), NOW)).extracting(Move::jobId).containsExactly(2L);
  }

  @Test
  void doesNothingWithinTheThreshold() {
    List<Worker> workers = List.of(new Worker(1, "a", 6, 3), new Worker(2, "b", 6, 2));
    assertThat(planner.plan(workers, sixJobsOnWorker1(), limits(5, 0), NOW)).isEmpty();
  }

  @Test
  void aMoveMustNarrowTheGap() {
    // one 2-slot job: moving it would just swap the loads of two 2-slot workers
    List<Worker> workers = List.of(new Worker(1, "a", 2, 2), new Worker(2, "b", 2, 0));
    List<Job> jobs = List.of(new Job(1, 101, 1, 2, 10L, NOW, null));
    assertThat(planner.plan(workers, jobs, limits(5, 0), NOW)).isEmpty();
  }

  @Test
  void jobsWithoutAnImageGoLastAndRecentImagesFirst() {
    List<Job> jobs = List.of(
        new Job(1, 101, 1, 1, null, null, null),
        new Job(2, 102, 1, 1, 500L, NOW.minusSeconds(100), null),
        new Job(3, 103, 1, 1, 500L, NOW.minusSeconds(5), null));
    List<Worker> workers = List.of(new Worker(1, "a", 3, 3), new Worker(2, "b", 3, 0));
    assertThat(planner.plan(workers, jobs, limits(1, 0), NOW)).extracting(Move::jobId).containsExactly(3L);
  }
}
