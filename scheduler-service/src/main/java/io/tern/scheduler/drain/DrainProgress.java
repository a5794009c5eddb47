package io.tern.scheduler.drain;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.move.AttemptMover;
import io.tern.scheduler.settings.OperationSettingsService;
import io.tern.scheduler.tx.RetryingTransaction;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerEventLog;
import io.tern.scheduler.worker.WorkerEventType;
import io.tern.scheduler.worker.WorkerRepository;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Advances every drain in progress by one step of its {@link DrainPlanner}: asks for the next moves
 * (up to the cluster-wide cap), stops what is left at the deadline, and completes drains whose
 * worker has none of their attempts left. Runs in one transaction under an advisory lock, so of
 * several scheduler replicas one advances at a time.
 */
@Service
public class DrainProgress {

  /** Advisory lock key of the drain round ("TERNDRAN"). */
  static final long DRAIN_LOCK_KEY = 0x5445524E4452414EL;

  private final EntityManager entityManager;
  private final DrainRepository drains;
  private final DrainJobRepository drainJobs;
  private final AttemptRepository attempts;
  private final JobRepository jobs;
  private final WorkerRepository workers;
  private final CheckpointRepository checkpoints;
  private final AttemptMover mover;
  private final WorkerEventLog workerEvents;
  private final OperationSettingsService settings;
  private final RetryingTransaction tx;
  private final Clock clock;
  private final DrainPlanner planner = new DrainPlanner();

  public DrainProgress(
      EntityManager entityManager,
      DrainRepository drains,
      DrainJobRepository drainJobs,
      AttemptRepository attempts,
      JobRepository jobs,
      WorkerRepository workers,
      CheckpointRepository checkpoints,
      AttemptMover mover,
      WorkerEventLog workerEvents,
      OperationSettingsService settings,
      RetryingTransaction tx,
      Clock clock) {
    this.entityManager = entityManager;
    this.drains = drains;
    this.drainJobs = drainJobs;
    this.attempts = attempts;
    this.jobs = jobs;
    this.workers = workers;
    this.checkpoints = checkpoints;
    this.mover = mover;
    this.workerEvents = workerEvents;
    this.settings = settings;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Advances every drain in progress once.
   *
   * @return the number of drains in progress at the start of the round (0 also when another replica holds the lock)
   */
  public int advanceAll() {
    return tx.run("Drains", () -> {
      if (!tryLock()) {
        return 0;
      }
      List<DrainEntity> active = drains.findByStateOrderByIdAsc(DrainState.DRAINING);
      if (active.isEmpty()) {
        return 0;
      }
      int maxParallel = settings.current().maxParallelMigrations();
      int inFlight = mover.movesInFlight();
      Instant now = clock.instant();
      for (DrainEntity drain : active) {
        inFlight = advance(drain, maxParallel, inFlight, now);
      }
      return active.size();
    });
  }

  private int advance(DrainEntity drain, int maxParallel, int inFlight, Instant now) {
    WorkerEntity worker = workers.findById(drain.getWorkerId()).orElseThrow();
    List<DrainJobEntity> rows = drainJobs.findByDrainIdOrderByIdAsc(drain.getId());
    Map<Long, AttemptEntity> byId = attempts.findAllById(rows.stream().map(DrainJobEntity::getAttemptId).toList())
        .stream().collect(Collectors.toMap(AttemptEntity::getId, Function.identity()));
    List<DrainPlanner.DrainedAttempt> view = rows.stream()
        .map(r -> byId.get(r.getAttemptId()))
        .map(a -> new DrainPlanner.DrainedAttempt(a.getId(), !a.getState().isFinal(), a.getDesired()))
        .toList();
    DrainPlanner.Step step = planner.next(drain.getMode(), drain.getDeadline(), view, inFlight, maxParallel, now);
    String origin = "Drain " + drain.getId() + " of worker " + worker.getName() + " by " + drain.getRequestedBy()
        + (drain.getReason() == null ? "" : " (" + drain.getReason() + ")");
    for (long id : step.vacate()) {
      AttemptEntity a = byId.get(id);
      boolean running = a.getState() == AttemptState.RUNNING;
      if (mover.vacate(a, jobs.findById(a.getJobId()).orElseThrow(), worker.getName(), JobEventType.DRAIN_MOVE, origin)
          && running) {
        inFlight++;
      }
    }
    for (DrainJobEntity row : rows) {
      if (!step.stopNow().contains(row.getAttemptId())) {
        continue;
      }
      AttemptEntity a = byId.get(row.getAttemptId());
      JobEntity job = jobs.findById(a.getJobId()).orElseThrow();
      String restart = restartPoint(job);
      String note = step.deadlinePassed()
          ? "The deadline " + DateTimeFormatter.ISO_INSTANT.format(drain.getDeadline()) + " passed before attempt "
              + a.getNumber() + " was checkpointed and stopped: stopped, restarts " + restart + "."
          : "Stopped at once (immediate drain): restarts " + restart + ".";
      row.setNote(note);
      mover.stopNow(a, job, worker.getName(),
          step.deadlinePassed() ? JobEventType.STOPPED_AT_DEADLINE : JobEventType.DRAIN_MOVE, origin + ": " + note);
    }
    if (step.deadlinePassed()) {
      workerEvents.record(worker.getId(), WorkerEventType.DRAIN_DEADLINE_PASSED, "Drain " + drain.getId()
          + ": deadline passed; " + step.stopNow().size() + " job(s) stopped and restarting from their latest image.",
          null);
    }
    if (step.complete()) {
      long forced = rows.stream().filter(r -> r.getNote() != null).count();
      String outcome = rows.size() + " job(s) moved off worker " + worker.getName()
          + (forced == 0 ? "" : ", " + forced + " of them stopped without a new checkpoint")
          + "; the worker stays cordoned until uncordoned.";
      drain.ended(DrainTrigger.ALL_MOVED, outcome, now);
      workerEvents.record(worker.getId(), WorkerEventType.DRAIN_COMPLETED, "Drain " + drain.getId() + " completed: "
          + outcome, null);
    }
    return inFlight;
  }

  /** "from checkpoint S (step X)" or "from the start". */
  private String restartPoint(JobEntity job) {
    return checkpoints.findFirstByJobIdAndStateOrderBySeqDesc(job.getId(), CheckpointState.COMMITTED)
        .map(c -> "from checkpoint " + c.getSeq() + " (step " + c.getStep() + ")")
        .orElse(job.getOriginJobId() != null
            ? "from checkpoint " + job.getOriginSeq() + " of job " + job.getOriginJobId()
            : "from the start (it has no checkpoint)");
  }

  private boolean tryLock() {
    Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
        .setParameter(1, DRAIN_LOCK_KEY).getSingleResult();
    return Boolean.TRUE.equals(locked);
  }
}
