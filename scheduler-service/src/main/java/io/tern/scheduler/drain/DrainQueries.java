package io.tern.scheduler.drain;

import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.job.JobState;
import io.tern.scheduler.job.QueuedJobs;
import io.tern.scheduler.move.AttemptMover;
import io.tern.scheduler.placement.PlacementPlanner;
import io.tern.scheduler.placement.WorkerCapacity;
import io.tern.scheduler.placement.WorkerCapacityReader;
import io.tern.scheduler.settings.OperationSettingsService;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads drains with what each of their jobs is doing and waiting for, from one snapshot of the
 * database (repeatable read), so a drain and its jobs are never shown half before and half after a
 * scheduling round.
 */
@Service
@Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
public class DrainQueries {

  private final DrainRepository drains;
  private final DrainJobRepository drainJobs;
  private final AttemptRepository attempts;
  private final JobRepository jobs;
  private final WorkerRepository workers;
  private final CheckpointRepository checkpoints;
  private final WorkerCapacityReader cluster;
  private final AttemptMover mover;
  private final OperationSettingsService settings;
  private final Clock clock;
  private final PlacementPlanner planner = new PlacementPlanner();

  public DrainQueries(
      DrainRepository drains,
      DrainJobRepository drainJobs,
      AttemptRepository attempts,
      JobRepository jobs,
      WorkerRepository workers,
      CheckpointRepository checkpoints,
      WorkerCapacityReader cluster,
      AttemptMover mover,
      OperationSettingsService settings,
      Clock clock) {
    this.drains = drains;
    this.drainJobs = drainJobs;
    this.attempts = attempts;
    this.jobs = jobs;
    this.workers = workers;
    this.checkpoints = checkpoints;
    this.cluster = cluster;
    this.mover = mover;
    this.settings = settings;
    this.clock = clock;
  }

  /** The newest drain of a worker (in progress or ended). */
  public DrainView latestOf(long workerId) {
    workers.findById(workerId).orElseThrow(() -> new NotFoundException("Worker", workerId));
    DrainEntity drain = drains.findFirstByWorkerIdOrderByIdDesc(workerId)
        .orElseThrow(() -> new NotFoundException("Drain of worker", workerId));
    return view(drain);
  }

  /** The newest drains, newest first, without their jobs' details. */
  public List<DrainView> recent() {
    Map<Long, String> names = workers.findAll().stream().collect(Collectors.toMap(WorkerEntity::getId, WorkerEntity::getName));
    int max = settings.current().maxParallelMigrations();
    int inFlight = mover.movesInFlight();
    return drains.findTop100ByOrderByIdDesc().stream()
        .map(d -> new DrainView(d.getId(), d.getWorkerId(), names.get(d.getWorkerId()), d.getMode(), d.getState(),
            d.getReason(), d.getRequestedBy(), d.getDeadline(), d.getStartedAt(), d.getEndedAt(), d.getOutcome(),
            inFlight, max, List.of()))
        .toList();
  }

  private DrainView view(DrainEntity drain) {
    Map<Long, String> names = workers.findAll().stream().collect(Collectors.toMap(WorkerEntity::getId, WorkerEntity::getName));
    int max = settings.current().maxParallelMigrations();
    int inFlight = mover.movesInFlight();
    List<WorkerCapacity> capacity = cluster.capacities();
    Instant now = clock.instant();
    List<DrainView.Job> jobViews = drainJobs.findByDrainIdOrderByIdAsc(drain.getId()).stream()
        .map(row -> jobView(drain, row, names, capacity, inFlight, max, now))
        .toList();
    return new DrainView(drain.getId(), drain.getWorkerId(), names.get(drain.getWorkerId()), drain.getMode(),
        drain.getState(), drain.getReason(), drain.getRequestedBy(), drain.getDeadline(), drain.getStartedAt(),
        drain.getEndedAt(), drain.getOutcome(), inFlight, max, jobViews);
  }

  private DrainView.Job jobView(DrainEntity drain, DrainJobEntity row, Map<Long, String> names,
      List<WorkerCapacity> capacity, int inFlight, int max, Instant now) {
    JobEntity job = jobs.findById(row.getJobId()).orElseThrow();
    AttemptEntity original = attempts.findById(row.getAttemptId()).orElseThrow();
    String worker = names.get(original.getWorkerId());
    String restart = restartPoint(job);
    String phase;
    String waitingFor = null;
    String detail = null;
    if (!original.getState().isFinal()) {
      if (original.getDesired() == DesiredState.RUN) {
        if (drain.getState() != DrainState.DRAINING) {
          phase = "NOT_MOVED";
          detail = "stays on worker " + worker + " (the drain is " + drain.getState() + ")";
        } else if (drain.getMode() == DrainMode.IMMEDIATE) {
          phase = "STOPPING";
          waitingFor = "the next scheduling round, which stops it without a new checkpoint; it restarts " + restart;
        } else {
          phase = "WAITING_FOR_MIGRATION_SLOT";
          waitingFor = "a migration slot (" + inFlight + " of " + max + " moves in flight cluster-wide)";
        }
      } else if (original.getDesired() == DesiredState.VACATE) {
        phase = "CHECKPOINTING";
        Optional<CheckpointEntity> pending = checkpoints
            .findByAttemptIdAndState(original.getId(), CheckpointState.PENDING).stream().findFirst();
        waitingFor = "worker " + worker + " to checkpoint attempt " + original.getNumber() + " and stop it (asked at "
            + iso(original.getStopRequestedAt()) + ")"
            + pending.map(c -> "; checkpoint " + c.getSeq() + " is being written since " + iso(c.getCreatedAt())).orElse("")
            + (drain.getDeadline() != null && drain.getState() == DrainState.DRAINING
                ? "; if it has not committed by the deadline " + iso(drain.getDeadline()) + ", the job is stopped and"
                    + " restarts " + restart
                : "");
      } else {
        phase = "STOPPING";
        waitingFor = "worker " + worker + " to stop attempt " + original.getNumber();
      }
    } else if (job.getState() == JobState.QUEUED) {
      phase = "QUEUED";
      waitingFor = "placement: " + planner.whyPending(QueuedJobs.of(job), capacity, now)
          .orElse("the next placement round");
      detail = "restarts " + restart;
    } else if (job.getState() == JobState.HELD) {
      phase = "HELD";
      waitingFor = "a release (" + job.getHoldReason() + ")";
      detail = "restarts " + restart + " when released";
    } else if (job.getState().isFinal()) {
      phase = "ENDED";
      detail = "job " + job.getState();
    } else {
      phase = "MOVED";
      AttemptEntity now2 = attempts.findById(job.getCurrentAttemptId()).orElseThrow();
      detail = "attempt " + now2.getNumber() + " on worker " + names.get(now2.getWorkerId())
          + (now2.getState() == AttemptState.PENDING ? " (starting)" : "")
          + (now2.getRestoredFromSeq() != null ? ", restored checkpoint " + now2.getRestoredFromSeq()
              : now2.getRestoreFromSeq() != null ? ", restoring checkpoint " + now2.getRestoreFromSeq() : ", started fresh");
    }
    return new DrainView.Job(job.getId(), job.getName(), original.getNumber(), phase, waitingFor, detail, row.getNote());
  }

  private String restartPoint(JobEntity job) {
    return checkpoints.findFirstByJobIdAndStateOrderBySeqDesc(job.getId(), CheckpointState.COMMITTED)
        .map(c -> "from checkpoint " + c.getSeq() + " (step " + c.getStep() + ")")
        .orElse(job.getOriginJobId() != null
            ? "from checkpoint " + job.getOriginSeq() + " of job " + job.getOriginJobId()
            : "from the start (it has no checkpoint)");
  }

  private static String iso(Instant t) {
    return t == null ? "?" : DateTimeFormatter.ISO_INSTANT.format(t);
  }
}
