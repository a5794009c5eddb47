package io.tern.scheduler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.drain.DrainMode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Planners and the applier together, round after round, on an {@link InMemoryCluster}. */
class PlanApplierTest {

  private final PlanApplier applier = new PlanApplier();

  @Test
  void drainsAndTheRebalancerTogetherNeverHaveMoreMovesInFlightThanTheCap() {
    InMemoryCluster cluster = new InMemoryCluster().settings(2, true);
    long drained = cluster.worker("drained", 4, 4096);
    long busy = cluster.worker("busy", 4, 4096);
    cluster.worker("idle-1", 4, 4096);
    cluster.worker("idle-2", 4, 4096);
    cluster.running(drained, 4);
    cluster.running(busy, 4);
    long drain = cluster.drain(drained, DrainMode.GRACEFUL, null);

    // Each planner alone stays within the cap, against the same snapshot: together they propose twice it.
    ClusterSnapshot first = cluster.snapshot();
    int proposed = applier.drainPlans(first).get(0).steps().size() + applier.rebalancePlan(first).steps().size();
    assertThat(proposed).isEqualTo(4);

    int most = 0;
    boolean rebalanced = false;
    for (int round = 0; round < 40 && !(cluster.drainEnded(drain) && cluster.movesInFlight() == 0); round++) {
      RoundOutcome outcome = cluster.round(true);
      most = Math.max(most, cluster.movesInFlight());
      assertThat(cluster.movesInFlight()).as("round %d: %s", round, outcome).isLessThanOrEqualTo(2);
      rebalanced |= cluster.log().stream().anyMatch(l -> l.startsWith("REBALANCE_MOVE"));
      cluster.startAll();
      cluster.finishOneMove();
    }
    assertThat(most).isEqualTo(2);
    assertThat(rebalanced).isTrue();
    assertThat(cluster.drainEnded(drain)).isTrue();
    assertThat(cluster.usedSlots(drained)).isZero();
  }

  @Test
  void aMoveStuckPastItsVacateDeadlineIsStoppedAndTheJobContinuesElsewhere() {
    InMemoryCluster cluster = new InMemoryCluster().settings(2, false).vacateDeadline(Duration.ofMinutes(5));
    long drained = cluster.worker("drained", 1, 4096);
    long spare = cluster.worker("spare", 1, 4096);
    long stuck = cluster.running(drained, 1).get(0);
    long drain = cluster.drain(drained, DrainMode.GRACEFUL, null);

    assertThat(cluster.round(false).vacated()).isEqualTo(1);
    cluster.advance(Duration.ofMinutes(5).minusSeconds(1));
    // the job is stuck in a step: it never checkpoints, and the drain (no deadline of its own) waits
    assertThat(cluster.round(false).stopped()).isZero();
    assertThat(cluster.movesInFlight()).isEqualTo(1);

    cluster.advance(Duration.ofSeconds(1));
    RoundOutcome atDeadline = cluster.round(false);

    assertThat(atDeadline.stopped()).isEqualTo(1);
    assertThat(cluster.log()).anyMatch(l -> l.startsWith("STOPPED_AT_DEADLINE job " + stuck));
    assertThat(cluster.queued(stuck)).isTrue();
    cluster.round(false);
    assertThat(cluster.workerOf(stuck)).isEqualTo(spare);
    assertThat(cluster.drainEnded(drain)).isTrue();
  }

  @Test
  void movesAlreadyInFlightCountAgainstTheCapForDrainsAndTheRebalancer() {
    InMemoryCluster cluster = new InMemoryCluster().settings(1, true);
    long drained = cluster.worker("drained", 2, 4096);
    long busy = cluster.worker("busy", 4, 4096);
    cluster.worker("idle", 4, 4096);
    cluster.running(drained, 2);
    cluster.running(busy, 4);
    cluster.drain(drained, DrainMode.GRACEFUL, null);

    RoundOutcome first = cluster.round(true);
    assertThat(first.vacated()).isEqualTo(1);
    assertThat(first.rejected()).anyMatch(r -> r.startsWith("rebalance:") && r.contains("in flight, the cap"));

    RoundOutcome second = cluster.round(true);
    assertThat(second.vacated()).isZero();
    assertThat(cluster.movesInFlight()).isEqualTo(1);
  }

  @Test
  void noWorkerIsGivenMoreThanItsSlotsAcrossPlannersInOneRound() {
    InMemoryCluster cluster = new InMemoryCluster().settings(10, true);
    long full = cluster.worker("full", 4, 4096);
    long small = cluster.worker("small", 2, 4096);
    cluster.running(full, 4);
    cluster.submit(1, 100);
    cluster.submit(1, 100);

    // The rebalancer, planning over the snapshot, sees "small" empty and would move a job there;
    // placement has filled it earlier in the same round, so the applier refuses the move.
    assertThat(applier.rebalancePlan(cluster.snapshot()).steps()).hasSize(1);
    RoundOutcome outcome = cluster.round(true);

    assertThat(outcome.placed()).isEqualTo(2);
    assertThat(outcome.vacated()).isZero();
    assertThat(outcome.rejected()).singleElement().asString().contains("target worker " + small);
    for (long w : cluster.workerIds()) {
      assertThat(cluster.usedSlots(w)).as("worker %d", w).isLessThanOrEqualTo(cluster.slots(w));
    }
  }

  @Test
  void memoryIsCountedAcrossPlacementsOfOneRound() {
    InMemoryCluster cluster = new InMemoryCluster();
    long w = cluster.worker("w", 8, 1000);
    long a = cluster.submit(1, 600);
    long b = cluster.submit(1, 600);

    assertThat(cluster.round(false).placed()).isEqualTo(1);
    assertThat(cluster.workerOf(a)).isEqualTo(w);
    assertThat(cluster.queued(b)).isTrue();
  }

  @Test
  void atTheDeadlineADrainStopsWhatIsLeftAndTheJobsArePlacedElsewhereNextRound() {
    InMemoryCluster cluster = new InMemoryCluster().settings(1, false);
    long drained = cluster.worker("drained", 2, 4096);
    long other = cluster.worker("other", 2, 4096);
    List<Long> jobs = cluster.running(drained, 2);
    long drain = cluster.drain(drained, DrainMode.GRACEFUL, InMemoryCluster.T0.plusSeconds(60));

    RoundOutcome before = cluster.round(false);
    assertThat(before.vacated()).isEqualTo(1);
    assertThat(cluster.drainEnded(drain)).isFalse();

    cluster.advance(Duration.ofSeconds(60));
    RoundOutcome at = cluster.round(false);
    assertThat(at.stopped()).isEqualTo(2);
    assertThat(at.drainsCompleted()).isEqualTo(1);
    assertThat(cluster.log()).contains("STOPPED_AT_DEADLINE job " + jobs.get(0) + " stopped now",
        "STOPPED_AT_DEADLINE job " + jobs.get(1) + " stopped now", "DRAIN_DEADLINE_PASSED drain " + drain + ": 2 stopped",
        "DRAIN_COMPLETED drain " + drain);
    assertThat(cluster.movesInFlight()).isZero();

    assertThat(cluster.round(false).placed()).isEqualTo(2);
    assertThat(jobs).allSatisfy(j -> assertThat(cluster.workerOf(j)).isEqualTo(other));
  }

  @Test
  void anImmediateDrainStopsEverythingInOneRoundWhateverTheCap() {
    InMemoryCluster cluster = new InMemoryCluster().settings(1, false);
    long drained = cluster.worker("drained", 4, 4096);
    cluster.running(drained, 3);
    long drain = cluster.drain(drained, DrainMode.IMMEDIATE, null);

    RoundOutcome outcome = cluster.round(false);

    assertThat(outcome.stopped()).isEqualTo(3);
    assertThat(cluster.drainEnded(drain)).isTrue();
    assertThat(cluster.log()).filteredOn(l -> l.startsWith("DRAIN_MOVE")).hasSize(3);
  }

  @Test
  void anAttemptNotYetStartedIsStoppedAtOnceAndTakesNoMigrationSlot() {
    InMemoryCluster cluster = new InMemoryCluster().settings(1, false);
    long drained = cluster.worker("drained", 2, 4096);
    long pending = cluster.submit(1, 100);
    cluster.round(false);
    cluster.running(drained, 1);
    cluster.drain(drained, DrainMode.GRACEFUL, null);

    RoundOutcome first = cluster.round(false);
    assertThat(first.vacated()).isEqualTo(1);
    assertThat(cluster.queued(pending)).isTrue();
    assertThat(cluster.movesInFlight()).isZero();

    assertThat(cluster.round(false).vacated()).isEqualTo(1);
    assertThat(cluster.movesInFlight()).isEqualTo(1);
  }

  @Test
  void aRoundWithoutRebalancingMovesNothingForBalance() {
    InMemoryCluster cluster = new InMemoryCluster().settings(4, true);
    long busy = cluster.worker("busy", 4, 4096);
    cluster.worker("idle", 4, 4096);
    cluster.running(busy, 4);

    assertThat(cluster.round(false).vacated()).isZero();
    assertThat(cluster.round(true).vacated()).isEqualTo(2);
  }
}
