package io.tern.scheduler.cluster;

import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.drain.DrainMode;
import io.tern.scheduler.placement.QueuedJob;
import io.tern.scheduler.settings.OperationSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A cluster in plain collections for testing planners and the {@link PlanApplier} together without
 * Spring or a database: builds scenarios, takes {@link ClusterSnapshot}s, applies plans as {@link
 * ClusterWrites}, and plays the workers' part (start attempts, finish checkpoint-and-stop). Every
 * write is recorded as a line in {@link #log()}.
 */
final class InMemoryCluster implements ClusterWrites {

  static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private final Map<Long, WorkerRow> workers = new LinkedHashMap<>();
  private final Map<Long, JobRow> jobs = new LinkedHashMap<>();
  private final Map<Long, AttemptRow> attempts = new LinkedHashMap<>();
  private final Map<Long, DrainRow> drains = new LinkedHashMap<>();
  private final List<String> log = new ArrayList<>();
  private final PlanApplier applier = new PlanApplier();
  private OperationSettings settings = new OperationSettings(2, false, 0.3, 0, 10);
  private Duration vacateDeadline;
  private Instant now = T0;
  private long nextId = 1;

  private static final class WorkerRow {
    final long id;
    final String name;
    final int slots;
    final long memoryMb;
    boolean cordoned;

    WorkerRow(long id, String name, int slots, long memoryMb) {
      this.id = id;
      this.name = name;
      this.slots = slots;
      this.memoryMb = memoryMb;
    }
  }

  private static final class JobRow {
    final long id;
    final int slots;
    final int memoryMb;
    final Instant submittedAt;
    boolean queued = true;
    Long currentAttemptId;
    Long targetWorkerId;
    Instant lastMovedAt;

    JobRow(long id, int slots, int memoryMb, Instant submittedAt) {
      this.id = id;
      this.slots = slots;
      this.memoryMb = memoryMb;
      this.submittedAt = submittedAt;
    }
  }

  private static final class AttemptRow {
    final long id;
    final long jobId;
    final long workerId;
    final int slots;
    final int memoryMb;
    AttemptState state = AttemptState.PENDING;
    DesiredState desired = DesiredState.RUN;
    Instant vacateDeadline;

    AttemptRow(long id, long jobId, long workerId, int slots, int memoryMb) {
      this.id = id;
      this.jobId = jobId;
      this.workerId = workerId;
      this.slots = slots;
      this.memoryMb = memoryMb;
    }

    boolean live() {
      return state == AttemptState.PENDING || state == AttemptState.RUNNING;
    }
  }

  private record DrainRow(long id, long workerId, DrainMode mode, Instant deadline, List<Long> attemptIds,
      boolean[] ended) {}

  // --- scenario building

  /** Workers get this long to checkpoint and stop an attempt they are asked to move (default: forever). */
  InMemoryCluster vacateDeadline(Duration deadline) {
    this.vacateDeadline = deadline;
    return this;
  }

  InMemoryCluster settings(int maxParallelMigrations, boolean rebalance) {
    settings = new OperationSettings(maxParallelMigrations, rebalance, 0.3, 0, 10);
    return this;
  }

  long worker(String name, int slots, long memoryMb) {
    long id = nextId++;
    workers.put(id, new WorkerRow(id, name, slots, memoryMb));
    return id;
  }

  long submit(int slots, int memoryMb) {
    long id = nextId++;
    jobs.put(id, new JobRow(id, slots, memoryMb, now.minusMillis(1000 - id)));
    return id;
  }

  /** {@code count} jobs of one slot and 100 MB running on {@code worker}. */
  List<Long> running(long worker, int count) {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long job = submit(1, 100);
      place(new PlanStep.Place(job, worker));
      attempts.get(jobs.get(job).currentAttemptId).state = AttemptState.RUNNING;
      ids.add(job);
    }
    return ids;
  }

  /** Starts a drain of {@code worker}: cordons it and records its live attempts. */
  long drain(long worker, DrainMode mode, Instant deadline) {
    long id = nextId++;
    workers.get(worker).cordoned = true;
    List<Long> live = attempts.values().stream().filter(a -> a.workerId == worker && a.live()).map(a -> a.id).toList();
    drains.put(id, new DrainRow(id, worker, mode, deadline, live, new boolean[1]));
    return id;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  // --- rounds and the workers' part

  ClusterSnapshot snapshot() {
    return new ClusterSnapshot(now,
        workers.values().stream().map(w -> new ClusterSnapshot.Worker(w.id, w.name, true, w.cordoned,
            w.cordoned ? "drain" : null, w.slots, w.memoryMb, Map.of())).toList(),
        attempts.values().stream().filter(AttemptRow::live).map(a -> new ClusterSnapshot.Attempt(a.id, a.jobId,
            a.workerId, a.slots, a.memoryMb, a.state, a.desired, a.vacateDeadline)).toList(),
        jobs.values().stream().filter(j -> j.queued).map(j -> new QueuedJob(j.id, 0, j.submittedAt, j.slots,
            j.memoryMb, null, Map.of(), j.targetWorkerId, Map.of(), null)).toList(),
        jobs.values().stream().filter(j -> !j.queued && j.currentAttemptId != null)
            .filter(j -> attempts.get(j.currentAttemptId).live())
            .map(j -> new ClusterSnapshot.RunningJob(j.id, j.currentAttemptId, false, 1000L, now, j.lastMovedAt))
            .toList(),
        drains.values().stream().filter(d -> !d.ended()[0]).map(d -> new ClusterSnapshot.Drain(d.id(), d.workerId(),
            workers.get(d.workerId()).name, d.mode(), d.deadline(), "ops", null, d.attemptIds())).toList(),
        settings);
  }

  RoundOutcome round(boolean rebalance) {
    return applier.apply(snapshot(), rebalance, this);
  }

  void startAll() {
    attempts.values().stream().filter(a -> a.state == AttemptState.PENDING).forEach(a -> a.state = AttemptState.RUNNING);
  }

  /** The worker of the oldest move in flight has checkpointed it and stopped it; its job is queued again. */
  boolean finishOneMove() {
    return attempts.values().stream().filter(a -> a.live() && a.desired == DesiredState.VACATE)
        .min(Comparator.comparingLong(a -> a.id))
        .map(a -> {
          end(a);
          return true;
        })
        .orElse(false);
  }

  // --- what tests look at

  int movesInFlight() {
    return (int) attempts.values().stream().filter(a -> a.live() && a.desired == DesiredState.VACATE).count();
  }

  /** Slots in use on a worker: its live attempts plus queued jobs moved to it. */
  int usedSlots(long worker) {
    return attempts.values().stream().filter(a -> a.live() && a.workerId == worker).mapToInt(a -> a.slots).sum()
        + jobs.values().stream().filter(j -> j.queued && Long.valueOf(worker).equals(j.targetWorkerId))
            .mapToInt(j -> j.slots).sum();
  }

  int slots(long worker) {
    return workers.get(worker).slots;
  }

  List<Long> workerIds() {
    return List.copyOf(workers.keySet());
  }

  boolean drainEnded(long drain) {
    return drains.get(drain).ended()[0];
  }

  boolean queued(long job) {
    return jobs.get(job).queued;
  }

  Long workerOf(long job) {
    JobRow j = jobs.get(job);
    return j.queued || j.currentAttemptId == null ? null : attempts.get(j.currentAttemptId).workerId;
  }

  List<String> log() {
    return log;
  }

  // --- ClusterWrites

  @Override
  public void place(PlanStep.Place step) {
    JobRow job = jobs.get(step.jobId());
    AttemptRow a = new AttemptRow(nextId++, job.id, step.workerId(), job.slots, job.memoryMb);
    attempts.put(a.id, a);
    job.queued = false;
    job.currentAttemptId = a.id;
    job.targetWorkerId = null;
    log.add("PLACED job " + job.id + " on " + workers.get(step.workerId()).name);
  }

  @Override
  public void vacate(PlanStep.Vacate step) {
    AttemptRow a = attempts.get(step.attemptId());
    JobRow job = jobs.get(a.jobId);
    if (step.targetWorkerId() != null) {
      job.targetWorkerId = step.targetWorkerId();
    }
    job.lastMovedAt = now;
    log.add(step.type() + " job " + a.jobId + ": " + step.reason());
    if (a.state == AttemptState.PENDING) {
      end(a);
    } else {
      a.desired = DesiredState.VACATE;
      a.vacateDeadline = vacateDeadline == null ? null : now.plus(vacateDeadline);
    }
  }

  @Override
  public void stopOverdue(PlanStep.StopOverdue step) {
    AttemptRow a = attempts.get(step.attemptId());
    log.add("STOPPED_AT_DEADLINE job " + a.jobId + " stopped at its vacate deadline " + step.deadline());
    end(a);
  }

  @Override
  public void stop(PlanStep.Stop step) {
    AttemptRow a = attempts.get(step.attemptId());
    log.add((step.deadlinePassed() ? "STOPPED_AT_DEADLINE" : "DRAIN_MOVE") + " job " + a.jobId + " stopped now");
    end(a);
  }

  @Override
  public void deadlinePassed(PlanStep.DeadlinePassed step) {
    log.add("DRAIN_DEADLINE_PASSED drain " + step.drain().id() + ": " + step.stopped() + " stopped");
  }

  @Override
  public void completeDrain(PlanStep.CompleteDrain step) {
    drains.get(step.drain().id()).ended()[0] = true;
    log.add("DRAIN_COMPLETED drain " + step.drain().id());
  }

  private void end(AttemptRow a) {
    a.state = AttemptState.KILLED;
    a.desired = DesiredState.KILL;
    jobs.get(a.jobId).queued = true;
  }
}
