package io.tern.scheduler.cluster;

import io.tern.scheduler.attempt.AttemptState;
import java.util.HashMap;
import java.util.Map;

/**
 * The cluster-wide limits of one round and what the round has used of them so far: every worker's
 * free slots and memory (its live attempts and the round's placements and rebalance targets taken
 * off), and the moves in flight (those already under way plus the vacates the round started)
 * against {@code maxParallelMigrations}, shared by drains and the rebalancer.
 */
final class ClusterLedger {

  private final Map<Long, ClusterSnapshot.Worker> workers = new HashMap<>();
  private final Map<Long, Integer> freeSlots = new HashMap<>();
  private final Map<Long, Long> freeMemory = new HashMap<>();
  private final int maxParallelMigrations;
  private int movesInFlight;

  ClusterLedger(ClusterSnapshot snapshot) {
    for (ClusterSnapshot.Worker w : snapshot.workers()) {
      workers.put(w.id(), w);
      freeSlots.put(w.id(), w.slots());
      freeMemory.put(w.id(), w.memoryMb());
    }
    for (ClusterSnapshot.Attempt a : snapshot.attempts()) {
      freeSlots.merge(a.workerId(), -a.slots(), Integer::sum);
      freeMemory.merge(a.workerId(), (long) -a.memoryMb(), Long::sum);
    }
    maxParallelMigrations = snapshot.settings().maxParallelMigrations();
    movesInFlight = snapshot.movesInFlight();
  }

  /** Whether an eligible worker {@code workerId} still has {@code slots} and {@code memoryMb} free. */
  boolean fits(long workerId, int slots, long memoryMb) {
    ClusterSnapshot.Worker w = workers.get(workerId);
    return w != null && w.eligible() && freeSlots.get(workerId) >= slots && freeMemory.get(workerId) >= memoryMb;
  }

  /** Takes capacity on a worker. */
  void take(long workerId, int slots, long memoryMb) {
    freeSlots.merge(workerId, -slots, Integer::sum);
    freeMemory.merge(workerId, -memoryMb, Long::sum);
  }

  /** Whether one more move may start without exceeding the cap. */
  boolean mayStartMove() {
    return movesInFlight < maxParallelMigrations;
  }

  /**
   * Counts a vacate of an attempt in {@code state}: a RUNNING attempt is checkpointed and moved
   * (in flight until it ends); a PENDING one is stopped at once and never in flight.
   */
  void vacated(AttemptState state) {
    if (state == AttemptState.RUNNING) {
      movesInFlight++;
    }
  }

  int movesInFlight() {
    return movesInFlight;
  }
}
