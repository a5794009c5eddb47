package io.tern.scheduler.drain;

import io.tern.scheduler.attempt.DesiredState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides the next step of one drain (plain Java, no framework): which of the worker's attempts to
 * checkpoint and move now, which to stop at once, and whether the drain is complete.
 *
 * <ul>
 *   <li>IMMEDIATE, or the deadline has passed: every attempt still on the worker is stopped now; each
 *       job restarts elsewhere from its latest committed image.
 *   <li>GRACEFUL: attempts not yet asked to move are asked to checkpoint and stop, in the order they
 *       were recorded, while fewer than {@code maxParallel} moves are in flight cluster-wide.
 *   <li>Complete when no attempt of the drain is still live after this step.
 * </ul>
 */
public final class DrainPlanner {

  /** One attempt a drain has to move, as the planner sees it. */
  public record DrainedAttempt(long attemptId, boolean live, DesiredState desired) {}

  /** What to do now. */
  public record Step(List<Long> vacate, List<Long> stopNow, boolean complete, boolean deadlinePassed) {}

  /**
   * @param mode the drain's mode
   * @param deadline the drain's deadline, or null for none
   * @param attempts the drain's attempts, in the order recorded
   * @param movesInFlight attempts being checkpointed and moved now, on every worker
   * @param maxParallel the cluster-wide cap on moves in flight
   * @param now the current time
   */
  public Step next(DrainMode mode, Instant deadline, List<DrainedAttempt> attempts, int movesInFlight, int maxParallel,
      Instant now) {
    boolean deadlinePassed = deadline != null && !now.isBefore(deadline);
    List<Long> live = attempts.stream().filter(DrainedAttempt::live).map(DrainedAttempt::attemptId).toList();
    if (mode == DrainMode.IMMEDIATE || deadlinePassed) {
      return new Step(List.of(), live, true, deadlinePassed && !live.isEmpty());
    }
    List<Long> vacate = new ArrayList<>();
    int free = Math.max(0, maxParallel - movesInFlight);
    for (DrainedAttempt a : attempts) {
      if (vacate.size() >= free) {
        break;
      }
      if (a.live() && a.desired() == DesiredState.RUN) {
        vacate.add(a.attemptId());
      }
    }
    return new Step(vacate, List.of(), live.isEmpty(), false);
  }
}
