package io.tern.scheduler.cluster;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.drain.DrainEntity;
import io.tern.scheduler.drain.DrainJobEntity;
import io.tern.scheduler.drain.DrainJobRepository;
import io.tern.scheduler.drain.DrainRepository;
import io.tern.scheduler.drain.DrainTrigger;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.move.AttemptMover;
import io.tern.scheduler.worker.WorkerEventLog;
import io.tern.scheduler.worker.WorkerEventType;
import io.tern.scheduler.worker.WorkerOrdersChanged;
import io.tern.scheduler.worker.WorkerRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** {@link ClusterWrites} through JPA, in the round's transaction, with the job and worker events. */
@Component
public class JpaClusterWrites implements ClusterWrites {

  private final JobRepository jobs;
  private final AttemptRepository attempts;
  private final WorkerRepository workers;
  private final CheckpointRepository checkpoints;
  private final DrainRepository drains;
  private final DrainJobRepository drainJobs;
  private final AttemptMover mover;
  private final JobEventLog events;
  private final WorkerEventLog workerEvents;
  private final ApplicationEventPublisher publisher;
  private final Clock clock;

  public JpaClusterWrites(JobRepository jobs, AttemptRepository attempts, WorkerRepository workers,
      CheckpointRepository checkpoints, DrainRepository drains, DrainJobRepository drainJobs, AttemptMover mover,
      JobEventLog events, WorkerEventLog workerEvents, ApplicationEventPublisher publisher, Clock clock) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.workers = workers;
    this.checkpoints = checkpoints;
    this.drains = drains;
    this.drainJobs = drainJobs;
    this.mover = mover;
    this.events = events;
    this.workerEvents = workerEvents;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public void place(PlanStep.Place step) {
    JobEntity job = jobs.findById(step.jobId()).orElseThrow();
    String workerName = workerName(step.workerId());
    int number = job.getAttemptCount() + 1;
    Long restoreFrom = checkpoints.findFirstByJobIdAndStateOrderBySeqDesc(job.getId(), CheckpointState.COMMITTED)
        .map(CheckpointEntity::getSeq)
        .orElse(null);
    AttemptEntity attempt = new AttemptEntity(job.getId(), number, step.workerId(), job.getSlots(), job.getMemoryMb(),
        restoreFrom, clock.instant());
    String from = restoreFrom == null ? ", starting fresh." : ", restoring from checkpoint " + restoreFrom + ".";
    if (restoreFrom == null && job.getOriginJobId() != null) {
      attempt.restoreFromOtherJob(job.getOriginJobId(), job.getOriginSeq());
      from = ", restoring from checkpoint " + job.getOriginSeq() + " of job " + job.getOriginJobId() + ".";
    }
    attempt = attempts.save(attempt);
    job.placed(attempt.getId(), number);
    events.record(job.getId(), JobEventType.PLACED, "Placed on worker " + workerName + " as attempt " + number + from,
        number, workerName);
    publisher.publishEvent(WorkerOrdersChanged.of(step.workerId()));
  }

  @Override
  public void vacate(PlanStep.Vacate step) {
    AttemptEntity attempt = attempts.findById(step.attemptId()).orElseThrow();
    JobEntity job = jobs.findById(attempt.getJobId()).orElseThrow();
    if (step.targetWorkerId() != null) {
      job.targetNextPlacement(step.targetWorkerId(), null);
    }
    mover.vacate(attempt, job, workerName(attempt.getWorkerId()), step.type(), step.reason());
  }

  @Override
  public void stop(PlanStep.Stop step) {
    ClusterSnapshot.Drain drain = step.drain();
    AttemptEntity attempt = attempts.findById(step.attemptId()).orElseThrow();
    JobEntity job = jobs.findById(attempt.getJobId()).orElseThrow();
    String restart = restartPoint(job);
    String note = step.deadlinePassed()
        ? "The deadline " + DateTimeFormatter.ISO_INSTANT.format(drain.deadline()) + " passed before attempt "
            + attempt.getNumber() + " was checkpointed and stopped: stopped, restarts " + restart + "."
        : "Stopped at once (immediate drain): restarts " + restart + ".";
    drainJobs.findByDrainIdOrderByIdAsc(drain.id()).stream()
        .filter(row -> row.getAttemptId() == step.attemptId())
        .forEach(row -> row.setNote(note));
    mover.stopNow(attempt, job, drain.workerName(),
        step.deadlinePassed() ? JobEventType.STOPPED_AT_DEADLINE : JobEventType.DRAIN_MOVE,
        drain.origin() + ": " + note);
  }

  @Override
  public void stopOverdue(PlanStep.StopOverdue step) {
    AttemptEntity attempt = attempts.findById(step.attemptId()).orElseThrow();
    JobEntity job = jobs.findById(attempt.getJobId()).orElseThrow();
    String note = "Attempt " + attempt.getNumber() + " was asked at "
        + DateTimeFormatter.ISO_INSTANT.format(attempt.getStopRequestedAt()) + " to checkpoint and stop ("
        + attempt.getStopReason() + ") and had not by its vacate deadline "
        + DateTimeFormatter.ISO_INSTANT.format(step.deadline()) + ": stopped without a new checkpoint, continues "
        + restartPoint(job) + ".";
    mover.stopNow(attempt, job, workerName(attempt.getWorkerId()), JobEventType.STOPPED_AT_DEADLINE, note);
  }

  @Override
  public void deadlinePassed(PlanStep.DeadlinePassed step) {
    workerEvents.record(step.drain().workerId(), WorkerEventType.DRAIN_DEADLINE_PASSED, "Drain " + step.drain().id()
        + ": deadline passed; " + step.stopped() + " job(s) stopped and restarting from their latest image.", null);
  }

  @Override
  public void completeDrain(PlanStep.CompleteDrain step) {
    ClusterSnapshot.Drain d = step.drain();
    DrainEntity drain = drains.findById(d.id()).orElseThrow();
    List<DrainJobEntity> rows = drainJobs.findByDrainIdOrderByIdAsc(d.id());
    long forced = rows.stream().filter(r -> r.getNote() != null).count();
    String outcome = rows.size() + " job(s) moved off worker " + d.workerName()
        + (forced == 0 ? "" : ", " + forced + " of them stopped without a new checkpoint")
        + "; the worker stays cordoned until uncordoned.";
    Instant now = clock.instant();
    drain.ended(DrainTrigger.ALL_MOVED, outcome, now);
    workerEvents.record(d.workerId(), WorkerEventType.DRAIN_COMPLETED, "Drain " + d.id() + " completed: " + outcome,
        null);
  }

  /** "from checkpoint S (step X)" or "from the start". */
  private String restartPoint(JobEntity job) {
    return checkpoints.findFirstByJobIdAndStateOrderBySeqDesc(job.getId(), CheckpointState.COMMITTED)
        .map(c -> "from checkpoint " + c.getSeq() + " (step " + c.getStep() + ")")
        .orElse(job.getOriginJobId() != null
            ? "from checkpoint " + job.getOriginSeq() + " of job " + job.getOriginJobId()
            : "from the start (it has no checkpoint)");
  }

  private String workerName(long workerId) {
    return workers.findById(workerId).orElseThrow().getName();
  }
}
