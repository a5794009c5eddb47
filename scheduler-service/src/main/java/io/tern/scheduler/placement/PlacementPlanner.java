package io.tern.scheduler.placement;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Pure placement function over a snapshot: decides which queued jobs go to which workers. Jobs are
 * taken by priority (highest first), then submit time (oldest first); each goes to an eligible
 * worker (ACTIVE, not cordoned) that has every label the job requires, is its migration target if it
 * has one, and has enough free slots and memory — of those, the one with the most free slots
 * (spreading load), avoiding the worker a migration moves the job away from while another fits.
 * Jobs waiting for a retry backoff ({@code notBefore} in the future) are skipped. A job that does
 * not fit does not block smaller jobs behind it.
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
   * How many queued jobs, taken in placement order among those due, a round needs to see: every job
   * placed takes at least one free slot of an eligible worker, so no more than those can be placed;
   * {@code lookahead} more let smaller jobs pass jobs at the head that fit nowhere.
   */
  public static int candidates(List<WorkerCapacity> workers, int lookahead) {
    long free = workers.stream().filter(WorkerCapacity::active).mapToLong(w -> Math.max(0, w.freeSlots())).sum();
    return (int) Math.min(Integer.MAX_VALUE, free + lookahead);
  }

  /**
   * Explains, for a person, why {@code job} is not placed right now, or empty when it fits.
   * Looks at the given capacities only (not at other queued jobs ahead of it).
   */
  public Optional<String> whyPending(QueuedJob job, List<WorkerCapacity> workers, Instant now) {
    return Optional.ofNullable(explain(job, workers, now).summary());
  }

  /** The summary and a per-worker verdict of why {@code job} is (not) placed with these capacities. */
  public PlacementExplanation explain(QueuedJob job, List<WorkerCapacity> workers, Instant now) {
    List<PlacementExplanation.WorkerVerdict> verdicts = workers.stream().map(w -> verdict(job, w)).toList();
    return new PlacementExplanation(summary(job, workers, now, true), verdicts);
  }

  /**
   * Like {@link #explain} for someone who may not see the workers (a submitter): the summary names no
   * worker and there is no per-worker verdict, so neither names nor free capacity show.
   */
  public PlacementExplanation explainWithoutWorkers(QueuedJob job, List<WorkerCapacity> workers, Instant now) {
    return new PlacementExplanation(summary(job, workers, now, false), List.of());
  }

  private String summary(QueuedJob job, List<WorkerCapacity> workers, Instant now, boolean named) {
    if (!isDue(job, now)) {
      return "waiting for retry backoff until " + DateTimeFormatter.ISO_INSTANT.format(job.notBefore());
    }
    if (workers.stream().noneMatch(WorkerCapacity::alive)) {
      return "no ACTIVE worker is registered";
    }
    List<WorkerCapacity> eligible = workers.stream().filter(WorkerCapacity::active).toList();
    if (eligible.isEmpty()) {
      if (!named) {
        return "no eligible worker: " + counted(workers.stream().map(w -> "is " + w.ineligibleReason()).toList());
      }
      return "no eligible worker: " + join(workers.stream().map(w -> w.name() + " is " + w.ineligibleReason()).toList());
    }
    List<WorkerCapacity> matching = eligible.stream().filter(w -> unmet(job, w).isEmpty()).toList();
    if (matching.isEmpty()) {
      List<String> reasons = new ArrayList<>();
      for (WorkerCapacity w : workers) {
        reasons.addAll(w.active() ? unmet(job, w) : List.of("is " + w.ineligibleReason()));
      }
      return "no eligible worker matches its requirements: " + counted(reasons);
    }
    if (matching.stream().anyMatch(w -> w.fits(job.slots(), job.memoryMb()))) {
      return null;
    }
    String scope = matching.size() == eligible.size() ? "ACTIVE" : "matching";
    boolean slotsAnywhere = matching.stream().anyMatch(w -> w.freeSlots() >= job.slots());
    boolean memoryAnywhere = matching.stream().anyMatch(w -> w.freeMemoryMb() >= job.memoryMb());
    String slots = job.slots() + " free slot" + (job.slots() == 1 ? "" : "s");
    if (!slotsAnywhere) {
      return "no " + scope + " worker has " + slots;
    }
    if (!memoryAnywhere) {
      return "no " + scope + " worker has " + job.memoryMb() + " MB of free memory";
    }
    return "no " + scope + " worker has both " + slots + " and " + job.memoryMb() + " MB of free memory";
  }

  private static PlacementExplanation.WorkerVerdict verdict(QueuedJob job, WorkerCapacity w) {
    List<String> reasons = new ArrayList<>();
    if (!w.active()) {
      reasons.add("is " + w.ineligibleReason());
    }
    reasons.addAll(unmet(job, w));
    boolean matches = reasons.isEmpty();
    if (w.freeSlots() < job.slots()) {
      reasons.add("has " + Math.max(0, w.freeSlots()) + " free slot(s), the job needs " + job.slots());
    }
    if (w.freeMemoryMb() < job.memoryMb()) {
      reasons.add("has " + Math.max(0, w.freeMemoryMb()) + " MB free, the job needs " + job.memoryMb() + " MB");
    }
    return new PlacementExplanation.WorkerVerdict(w.workerId(), w.name(), matches, reasons.isEmpty(), reasons);
  }

  /** The job's label and target requirements {@code w} does not meet (capacity and eligibility aside). */
  static List<String> unmet(QueuedJob job, WorkerCapacity w) {
    List<String> unmet = new ArrayList<>();
    job.constraints().forEach((k, v) -> {
      if (!v.equals(w.labels().get(k))) {
        unmet.add("lacks label " + k + "=" + v + has(w, k));
      }
    });
    if (job.targetWorkerId() != null && job.targetWorkerId() != w.workerId()) {
      unmet.add("is not the migration target");
    }
    job.targetLabels().forEach((k, v) -> {
      if (!v.equals(w.labels().get(k))) {
        unmet.add("lacks migration target label " + k + "=" + v + has(w, k));
      }
    });
    return unmet;
  }

  private static String has(WorkerCapacity w, String key) {
    String value = w.labels().get(key);
    return value == null ? "" : " (has " + key + "=" + value + ")";
  }

  private static String join(List<String> parts) {
    return String.join("; ", parts);
  }

  private static boolean isDue(QueuedJob job, Instant now) {
    return job.notBefore() == null || !job.notBefore().isAfter(now);
  }

  private static Optional<WorkerCapacity> bestWorker(QueuedJob job, Collection<WorkerCapacity> workers) {
    List<WorkerCapacity> candidates =
        workers.stream().filter(w -> w.fits(job.slots(), job.memoryMb()) && unmet(job, w).isEmpty()).toList();
    Optional<WorkerCapacity> elsewhere = candidates.stream()
        .filter(w -> job.avoidWorkerId() == null || w.workerId() != job.avoidWorkerId())
        .min(SPREAD);
    return elsewhere.isPresent() ? elsewhere : candidates.stream().min(SPREAD);
  }

  /** Each distinct reason with the number of workers it stops, e.g. "is DRAINING (2 workers)". */
  private static String counted(List<String> reasons) {
    Map<String, Integer> counts = new TreeMap<>();
    reasons.forEach(reason -> counts.merge(reason, 1, Integer::sum));
    List<String> parts = new ArrayList<>();
    counts.forEach((reason, n) -> parts.add(reason + " (" + n + " worker" + (n == 1 ? ")" : "s)")));
    return join(parts);
  }
}
