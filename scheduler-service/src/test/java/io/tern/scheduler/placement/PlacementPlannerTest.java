package io.tern.scheduler.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PlacementPlannerTest {

  private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
  private final PlacementPlanner planner = new PlacementPlanner();

  private static QueuedJob job(long id, int priority, int secondsAgo, int slots, int memoryMb) {
    return new QueuedJob(id, priority, NOW.minusSeconds(secondsAgo), slots, memoryMb, null);
  }

  private static WorkerCapacity worker(long id, int freeSlots, long freeMemoryMb) {
    return new WorkerCapacity(id, "w" + id, true, freeSlots, freeMemoryMb);
  }

  @Test
  void higherPriorityGoesFirstThenOlderJobs() {
    List<Placement> plan =
        planner.plan(
            List.of(job(1, 0, 30, 1, 100), job(2, 5, 10, 1, 100), job(3, 0, 60, 1, 100)),
            List.of(worker(10, 2, 4096)),
            NOW);
    assertThat(plan).containsExactly(new Placement(2, 10), new Placement(3, 10));
  }

  @Test
  void spreadsJobsOverTheWorkerWithMostFreeSlots() {
    List<Placement> plan =
        planner.plan(
            List.of(job(1, 0, 3, 1, 100), job(2, 0, 2, 1, 100), job(3, 0, 1, 1, 100)),
            List.of(worker(10, 2, 4096), worker(11, 3, 4096)),
            NOW);
    assertThat(plan).containsExactly(new Placement(1, 11), new Placement(2, 10), new Placement(3, 11));
  }

  @Test
  void needsEnoughSlotsAndMemoryOnOneWorker() {
    List<Placement> plan =
        planner.plan(
            List.of(job(1, 9, 3, 4, 100), job(2, 0, 2, 1, 8000), job(3, 0, 1, 2, 2000)),
            List.of(worker(10, 3, 4096), worker(11, 2, 2048)),
            NOW);
    // job 1 needs 4 slots, job 2 8000 MB: neither fits anywhere; job 3 is not blocked behind them.
    assertThat(plan).containsExactly(new Placement(3, 10));
  }

  @Test
  void capacityTakenByEarlierPlacementsIsNotGivenTwice() {
    List<Placement> plan =
        planner.plan(List.of(job(1, 0, 2, 2, 1000), job(2, 0, 1, 1, 100)), List.of(worker(10, 2, 4096)), NOW);
    assertThat(plan).containsExactly(new Placement(1, 10));
  }

  @Test
  void lostWorkersGetNothing() {
    WorkerCapacity lost = new WorkerCapacity(10, "w10", false, 8, 8192);
    assertThat(planner.plan(List.of(job(1, 0, 1, 1, 100)), List.of(lost), NOW)).isEmpty();
  }

  @Test
  void jobsInRetryBackoffWait() {
    QueuedJob waiting = new QueuedJob(1, 0, NOW.minusSeconds(5), 1, 100, NOW.plusSeconds(2));
    QueuedJob due = new QueuedJob(2, 0, NOW.minusSeconds(1), 1, 100, NOW);
    assertThat(planner.plan(List.of(waiting, due), List.of(worker(10, 4, 4096)), NOW))
        .containsExactly(new Placement(2, 10));
    assertThat(planner.plan(List.of(waiting), List.of(worker(10, 4, 4096)), NOW.plusSeconds(2)))
        .containsExactly(new Placement(1, 10));
  }

  @Test
  void explainsWithoutWorkersNamingNoWorkerAndShowingNoFreeCapacity() {
    QueuedJob twoSlots = job(1, 0, 1, 2, 100);
    WorkerCapacity cordoned = new WorkerCapacity(10, "rack7-node", false, 4, 4096, Map.of(), "cordoned");
    WorkerCapacity small = new WorkerCapacity(11, "rack8-node", true, 1, 4096);

    assertThat(planner.explain(twoSlots, List.of(cordoned), NOW).summary()).contains("rack7-node is cordoned");
    PlacementExplanation hidden = planner.explainWithoutWorkers(twoSlots, List.of(cordoned), NOW);
    assertThat(hidden.summary()).isEqualTo("no eligible worker: is cordoned (1 worker)");
    assertThat(hidden.workers()).isEmpty();

    PlacementExplanation full = planner.explainWithoutWorkers(twoSlots, List.of(cordoned, small), NOW);
    assertThat(full.summary()).isEqualTo("no ACTIVE worker has 2 free slots");
    assertThat(full.workers()).isEmpty();
    assertThat(planner.explain(twoSlots, List.of(cordoned, small), NOW).workers())
        .extracting(PlacementExplanation.WorkerVerdict::worker).containsExactly("rack7-node", "rack8-node");
  }

  @Test
  void explainsWhyAJobIsPending() {
    QueuedJob twoSlots = job(1, 0, 1, 2, 512);
    assertThat(planner.whyPending(twoSlots, List.of(), NOW)).contains("no ACTIVE worker is registered");
    assertThat(planner.whyPending(twoSlots, List.of(worker(10, 1, 4096)), NOW))
        .contains("no ACTIVE worker has 2 free slots");
    assertThat(planner.whyPending(twoSlots, List.of(worker(10, 4, 256)), NOW))
        .contains("no ACTIVE worker has 512 MB of free memory");
    assertThat(planner.whyPending(twoSlots, List.of(worker(10, 4, 256), worker(11, 1, 4096)), NOW))
        .contains("no ACTIVE worker has both 2 free slots and 512 MB of free memory");
    assertThat(planner.whyPending(twoSlots, List.of(worker(10, 2, 4096)), NOW)).isEmpty();
    QueuedJob backingOff = new QueuedJob(2, 0, NOW, 1, 64, NOW.plusSeconds(4));
    assertThat(planner.whyPending(backingOff, List.of(worker(10, 2, 4096)), NOW))
        .contains("waiting for retry backoff until 2026-11-27T10:00:04Z");
  }
}
