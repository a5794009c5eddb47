package io.tern.scheduler.cluster;

import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.drain.DrainMode;
import io.tern.scheduler.placement.QueuedJob;
import io.tern.scheduler.placement.WorkerCapacity;
import io.tern.scheduler.settings.OperationSettings;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole cluster as one scheduling round sees it, read once inside the round's transaction:
 * immutable, plain Java. Every planner plans over the same snapshot; the {@link PlanApplier} checks
 * their plans against it.
 *
 * @param now the round's time
 * @param workers every known worker, by name
 * @param attempts every live (PENDING or RUNNING) attempt
 * @param queued every QUEUED job
 * @param running the RUNNING jobs with what the rebalancer weighs; read only for rounds that rebalance
 * @param drains every drain in progress, oldest first
 * @param settings the operation settings in force (migration cap, rebalancing)
 */
public record ClusterSnapshot(
    Instant now,
    List<Worker> workers,
    List<Attempt> attempts,
    List<QueuedJob> queued,
    List<RunningJob> running,
    List<Drain> drains,
    OperationSettings settings) {

  /** Immutable copies. */
  public ClusterSnapshot {
    workers = List.copyOf(workers);
    attempts = List.copyOf(attempts);
    queued = List.copyOf(queued);
    running = List.copyOf(running);
    drains = List.copyOf(drains);
  }

  /**
   * A worker.
   *
   * @param active whether it heartbeats (ACTIVE, not LOST)
   * @param cordonReason why it takes no new work, null when not cordoned
   */
  public record Worker(long id, String name, boolean active, boolean cordoned, String cordonReason, int slots,
      long memoryMb, Map<String, String> labels) {

    /** Never-null labels. */
    public Worker {
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** Whether it may receive new work. */
    public boolean eligible() {
      return active && !cordoned;
    }
  }

  /**
   * A live attempt and what it holds on its worker.
   *
   * @param vacateDeadline when being checkpointed and stopped: the time by which it must have
   *     stopped, after which the scheduler stops it without a new checkpoint; null otherwise
   */
  public record Attempt(long id, long jobId, long workerId, int slots, int memoryMb, AttemptState state,
      DesiredState desired, Instant vacateDeadline) {

    /** An attempt without a vacate deadline. */
    public Attempt(long id, long jobId, long workerId, int slots, int memoryMb, AttemptState state,
        DesiredState desired) {
      this(id, jobId, workerId, slots, memoryMb, state, desired, null);
    }

    /** Whether the worker is checkpointing and moving it now. */
    public boolean moving() {
      return desired == DesiredState.VACATE;
    }

    /** Whether it is being checkpointed and stopped and its vacate deadline passed at {@code now}. */
    public boolean vacateOverdue(Instant now) {
      return moving() && vacateDeadline != null && !now.isBefore(vacateDeadline);
    }
  }

  /**
   * A RUNNING job with its current attempt.
   *
   * @param holdRequested whether a hold is on its way (the job is about to stop)
   * @param imageBytes size of its latest committed image, null when none
   * @param imageAt when that image was committed, null when none
   * @param lastMovedAt when it was last moved, null if never
   */
  public record RunningJob(long jobId, long attemptId, boolean holdRequested, Long imageBytes, Instant imageAt,
      Instant lastMovedAt) {}

  /**
   * A drain in progress.
   *
   * @param deadline when what is left is stopped, null for none
   * @param attemptIds the attempts it moves off the worker, in the order recorded
   */
  public record Drain(long id, long workerId, String workerName, DrainMode mode, Instant deadline, String requestedBy,
      String reason, List<Long> attemptIds) {

    /** An immutable copy. */
    public Drain {
      attemptIds = List.copyOf(attemptIds);
    }

    /** Who drains which worker and why, the start of every event a drain writes for a job. */
    public String origin() {
      return "Drain " + id + " of worker " + workerName + " by " + requestedBy + (reason == null ? "" : " (" + reason + ")");
    }
  }

  /** Attempts being checkpointed and moved now, on every worker. */
  public int movesInFlight() {
    return (int) attempts.stream().filter(Attempt::moving).count();
  }

  /** What each worker can still take: its slots and memory minus its live attempts, by name. */
  public List<WorkerCapacity> capacities() {
    return capacities(workers, attempts);
  }

  /** What each of {@code workers} can still take, given every live attempt. */
  public static List<WorkerCapacity> capacities(List<Worker> workers, List<Attempt> attempts) {
    Map<Long, Integer> slots = new HashMap<>();
    Map<Long, Long> memory = new HashMap<>();
    for (Attempt a : attempts) {
      slots.merge(a.workerId(), a.slots(), Integer::sum);
      memory.merge(a.workerId(), (long) a.memoryMb(), Long::sum);
    }
    return workers.stream()
        .map(w -> new WorkerCapacity(w.id(), w.name(), w.eligible(), w.slots() - slots.getOrDefault(w.id(), 0),
            w.memoryMb() - memory.getOrDefault(w.id(), 0L), w.labels(), ineligibleReason(w)))
        .toList();
  }

  private static String ineligibleReason(Worker w) {
    if (!w.active()) {
      return WorkerCapacity.LOST;
    }
    return w.cordoned() ? "cordoned" + (w.cordonReason() == null ? "" : " (" + w.cordonReason() + ")") : null;
  }
}
