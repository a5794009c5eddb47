package io.tern.scheduler.rebalance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which running jobs to move from busy to idle workers (plain Java, no framework). Load of
 * a worker = busy slots / slots. While the busiest and the idlest eligible worker differ by more
 * than the threshold, and moves in flight stay under both caps, one job moves from the busiest to
 * the idlest — the cheapest one to move: smallest latest image first, then the most recent image;
 * jobs without an image last. A job moved (by anything) less than the cooldown ago is not moved, and
 * a move must narrow the gap between the two workers.
 */
public final class RebalancePlanner {

  /** An eligible worker. */
  public record Worker(long id, String name, int slots, int usedSlots) {}

  /**
   * A running job the rebalancer may move.
   *
   * @param imageBytes size of its latest committed image, null when it has none
   * @param imageAt when that image was committed, null when none
   * @param lastMovedAt when it was last moved, null if never
   */
  public record Job(long jobId, long attemptId, long workerId, int slots, Long imageBytes, Instant imageAt,
      Instant lastMovedAt) {}

  /** One decided move, with the reason written to the job's event log. */
  public record Move(long jobId, long attemptId, long fromWorkerId, long toWorkerId, String reason) {}

  /** The settings a plan uses. */
  public record Limits(double threshold, Duration cooldown, int maxMoves, int maxParallel, int movesInFlight) {}

  private static final Comparator<Job> CHEAPEST =
      Comparator.comparing((Job j) -> j.imageBytes() == null)
          .thenComparing(j -> j.imageBytes() == null ? 0L : j.imageBytes())
          .thenComparing(j -> j.imageAt() == null ? Instant.MIN : j.imageAt(), Comparator.reverseOrder())
          .thenComparingLong(Job::jobId);

  /** The moves to start now. */
  public List<Move> plan(List<Worker> workers, List<Job> jobs, Limits limits, Instant now) {
    List<Move> moves = new ArrayList<>();
    if (workers.size() < 2) {
      return moves;
    }
    Map<Long, Integer> used = new HashMap<>();
    workers.forEach(w -> used.put(w.id(), w.usedSlots()));
    Set<Long> moved = new HashSet<>();
    int budget = Math.min(limits.maxMoves(), limits.maxParallel()) - limits.movesInFlight();
    while (moves.size() < budget) {
      Worker busiest = workers.stream().max(Comparator.comparingDouble((Worker w) -> load(w, used))
          .thenComparingLong(w -> -w.id())).orElseThrow();
      Worker idlest = workers.stream().min(Comparator.comparingDouble((Worker w) -> load(w, used))
          .thenComparingLong(Worker::id)).orElseThrow();
      double gap = load(busiest, used) - load(idlest, used);
      if (busiest.id() == idlest.id() || gap <= limits.threshold()) {
        break;
      }
      int idleFree = idlest.slots() - used.get(idlest.id());
      Job pick = jobs.stream()
          .filter(j -> j.workerId() == busiest.id() && !moved.contains(j.jobId()))
          .filter(j -> j.slots() <= idleFree)
          .filter(j -> j.lastMovedAt() == null || !now.isBefore(j.lastMovedAt().plus(limits.cooldown())))
          .filter(j -> narrows(busiest, idlest, j.slots(), used, gap))
          .min(CHEAPEST)
          .orElse(null);
      if (pick == null) {
        break;
      }
      moves.add(new Move(pick.jobId(), pick.attemptId(), busiest.id(), idlest.id(), reason(busiest, idlest, used, gap,
          limits.threshold(), pick, now)));
      moved.add(pick.jobId());
      used.merge(busiest.id(), -pick.slots(), Integer::sum);
      used.merge(idlest.id(), pick.slots(), Integer::sum);
    }
    return moves;
  }

  private static boolean narrows(Worker from, Worker to, int slots, Map<Long, Integer> used, double gap) {
    double fromAfter = (used.get(from.id()) - slots) / (double) from.slots();
    double toAfter = (used.get(to.id()) + slots) / (double) to.slots();
    return Math.abs(fromAfter - toAfter) < gap;
  }

  private static double load(Worker w, Map<Long, Integer> used) {
    return w.slots() <= 0 ? 1.0 : used.get(w.id()) / (double) w.slots();
  }

  private static String reason(Worker from, Worker to, Map<Long, Integer> used, double gap, double threshold, Job job,
      Instant now) {
    String image = job.imageBytes() == null ? "no image yet"
        : "latest image " + job.imageBytes() + " bytes, " + Duration.between(job.imageAt(), now).toSeconds() + " s old";
    return "Rebalance: worker " + from.name() + " at " + percent(used.get(from.id()), from.slots()) + " vs "
        + to.name() + " at " + percent(used.get(to.id()), to.slots()) + ", a difference of "
        + Math.round(gap * 100) + "% above the threshold of " + Math.round(threshold * 100) + "%; moving the job ("
        + image + ") to " + to.name() + ".";
  }

  private static String percent(int used, int slots) {
    return Math.round(100.0 * used / slots) + "% (" + used + " of " + slots + " slots)";
  }
}
