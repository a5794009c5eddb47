package io.tern.scheduler.placement;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure placement function over a snapshot: decides which queued jobs go to which workers. Jobs are
 * taken by priority (highest first), then submit time (oldest first); each goes to the ACTIVE worker
 * with enough free slots and memory that has the most free slots (spreading load). Jobs waiting for
 * a retry backoff ({@code notBefore} in the future) are skipped. A job that does not fit does not
 * block smaller jobs behind it.
 */
public final class PlacementPlanner {

  private static final Comparator<QueuedJob> QUEUE_ORDER =
      Comparator.comparingInt(QueuedJob::priority)
          .reversed()
          .thenComparing(QueuedJob::submittedAt)
          .thenComparingLong(QueuedJob::jobId);

  private static final Comparator<WorkerCapacity> SPREAD =
      Comparator.comparingInt(WorkerCapacity::freeSlots)
          .thenComparingLong(WorkerCapacity::freeMemoryMb)
          .reversed()
          .thenComparingLong(WorkerCapacity::workerId);

  /**
   * Plans placements.
   *
   * @param jobs queued jobs, in any order
   * @param workers capacities of all known workers
   * @param now the current time (jobs with a later {@code notBefore} wait)
   * @return placements in the order they were decided
   */
  public List<Placement> plan(List<QueuedJob> jobs, List<WorkerCapacity> workers, Instant now) {
    Map<Long, WorkerCapacity> free = new LinkedHashMap<>();
    workers.forEach(w -> free.put(w.workerId(), w));
    List<Placement> placements = new ArrayList<>();
    jobs.stream()
        .filter(job -> isDue(job, now))
        .sorted(QUEUE_ORDER)
        .forEach(
            job ->
                bestWorker(job, free.values())
                    .ifPresent(
                        w -> {
                          placements.add(new Placement(job.jobId(), w.workerId()));
                          free.put(w.workerId(), w.minus(job.slots(), job.memoryMb()));
                        }));
    return placements;
  }

  /**
   * Explains, for a person, why {@code job} is not placed right now, or empty when it fits.
   * Looks at the given capacities only (not at other queued jobs ahead of it).
   */
  public Optional<String> whyPending(QueuedJob job, List<WorkerCapacity> workers, Instant now) {
    if (!isDue(job, now)) {
      return Optional.of(
          "waiting for retry backoff until " + DateTimeFormatter.ISO_INSTANT.format(job.notBefore()));
    }
    List<WorkerCapacity> active = workers.stream().filter(WorkerCapacity::active).toList();
    if (active.isEmpty()) {
      return Optional.of("no ACTIVE worker is registered");
    }
    if (active.stream().anyMatch(w -> w.fits(job.slots(), job.memoryMb()))) {
      return Optional.empty();
    }
    boolean slotsAnywhere = active.stream().anyMatch(w -> w.freeSlots() >= job.slots());
    boolean memoryAnywhere = active.stream().anyMatch(w -> w.freeMemoryMb() >= job.memoryMb());
    if (!slotsAnywhere) {
      return Optional.of("no ACTIVE worker has " + job.slots() + " free slot" + (job.slots() == 1 ? "" : "s"));
    }
    if (!memoryAnywhere) {
      return Optional.of("no ACTIVE worker has " + job.memoryMb() + " MB of free memory");
    }
    return Optional.of(
        "no ACTIVE worker has both "
            + job.slots()
            + " free slot"
            + (job.slots() == 1 ? "" : "s")
            + " and "
            + job.memoryMb()
            + " MB of free memory");
  }

  private static boolean isDue(QueuedJob job, Instant now) {
    return job.notBefore() == null || !job.notBefore().isAfter(now);
  }

  private static Optional<WorkerCapacity> bestWorker(
      QueuedJob job, java.util.Collection<WorkerCapacity> workers) {
    return workers.stream().filter(w -> w.fits(job.slots(), job.memoryMb())).min(SPREAD);
  }
}
