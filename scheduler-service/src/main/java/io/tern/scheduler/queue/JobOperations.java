package io.tern.scheduler.queue;

import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.job.JobState;

import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.move.AttemptMover;
import io.tern.scheduler.placement.Labels;
import io.tern.scheduler.signal.ClusterChanged;
import io.tern.scheduler.tx.RetryingTransaction;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import io.tern.scheduler.worker.WorkerState;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * What users and operators do to one job besides submitting and cancelling it: hold, release,
 * change priority, migrate. Each change is checked against the job's state first (409 with a
 * message otherwise, nothing changed) and recorded in the job's event log with who asked.
 */
@Service
public class JobOperations {

  private final JobRepository jobs;
  private final AttemptRepository attempts;
  private final WorkerRepository workers;
  private final AttemptMover mover;
  private final JobEventLog events;
  private final ApplicationEventPublisher publisher;
  private final RetryingTransaction tx;

  public JobOperations(
      JobRepository jobs,
      AttemptRepository attempts,
      WorkerRepository workers,
      AttemptMover mover,
      JobEventLog events,
      ApplicationEventPublisher publisher,
      RetryingTransaction tx) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.workers = workers;
    this.mover = mover;
    this.events = events;
    this.publisher = publisher;
    this.tx = tx;
  }

  /**
   * Holds a job. QUEUED: HELD at once. RUNNING: its attempt is checkpointed and stopped, then the job
   * is HELD (it resumes from that image when released). HELD, or a hold already asked for: no change.
   */
  public void hold(long jobId, String reason, String actor) {
    String why = "Held by " + actor + (reason == null || reason.isBlank() ? "" : ": " + reason.strip()) + ".";
    tx.run("Job " + jobId, () -> {
      JobEntity job = load(jobId);
      if (job.getState() == JobState.HELD || job.isHoldRequested()) {
        return;
      }
      switch (job.getState()) {
        case QUEUED -> {
          job.requestHold(why);
          events.record(jobId, JobEventType.HELD, why + " It is not placed until released.");
        }
        case RUNNING -> {
          job.requestHold(why);
          AttemptEntity attempt = currentAttempt(job);
          if (attempt.getDesired() != DesiredState.RUN) {
            events.record(jobId, JobEventType.HOLD_REQUESTED,
                why + " Its attempt is already being stopped; the job is HELD when it ends.");
          } else {
            mover.vacate(attempt, job, workerName(attempt), JobEventType.HOLD_REQUESTED, why);
          }
        }
        default -> throw new StateConflictException(
            "Job " + jobId + " is " + job.getState() + "; only QUEUED or RUNNING jobs can be held.");
      }
    });
  }

  /**
   * Releases a job. HELD: QUEUED again (it restarts from its latest checkpoint). RUNNING with a hold
   * asked for: the hold is withdrawn (an attempt already being checkpointed and stopped still stops,
   * and the job is requeued without using a retry).
   */
  public void release(long jobId, String actor) {
    tx.run("Job " + jobId, () -> {
      JobEntity job = load(jobId);
      if (job.getState() == JobState.HELD) {
        job.release();
        events.record(jobId, JobEventType.RELEASED, "Released by " + actor + "; queued again.");
      } else if (job.getState() == JobState.RUNNING && job.isHoldRequested()) {
        job.withdrawHold();
        events.record(jobId, JobEventType.RELEASED, "Hold withdrawn by " + actor + " before the job was stopped.");
      } else {
        throw new StateConflictException("Job " + jobId + " is " + job.getState() + " and not held; nothing to release.");
      }
    });
    publisher.publishEvent(new ClusterChanged("job " + jobId + " released"));
  }

  /** Sets the priority of a job that has not ended; the queue order changes at the next placement round. */
  public void changePriority(long jobId, int priority, String actor) {
    tx.run("Job " + jobId, () -> {
      JobEntity job = load(jobId);
      if (job.getState().isFinal()) {
        throw new StateConflictException("Job " + jobId + " is already " + job.getState() + "; its priority is final.");
      }
      int was = job.getPriority();
      if (was == priority) {
        return;
      }
      job.setPriority(priority);
      events.record(jobId, JobEventType.PRIORITY_CHANGED,
          "Priority changed from " + was + " to " + priority + " by " + actor + ".");
    });
    publisher.publishEvent(new ClusterChanged("job " + jobId + " priority changed"));
  }

  /**
   * Moves a RUNNING job: its attempt is checkpointed and stopped, and the job is placed again from
   * that image — on {@code workerId} if given, else on a worker with {@code labels} if given, else on
   * any other eligible worker (its current one only if no other fits).
   */
  public void migrate(long jobId, Long workerId, Map<String, String> labels, String reason, String actor) {
    Map<String, String> target = Labels.validated(labels, "labels");
    tx.run("Job " + jobId, () -> {
      JobEntity job = load(jobId);
      if (job.getState() != JobState.RUNNING || job.isHoldRequested()) {
        throw new StateConflictException("Job " + jobId + " is " + job.getState()
            + (job.isHoldRequested() ? " and being held" : "") + "; only a RUNNING job can be migrated.");
      }
      AttemptEntity attempt = currentAttempt(job);
      if (attempt.getDesired() != DesiredState.RUN) {
        throw new StateConflictException(
            "Job " + jobId + " is already being moved or stopped (" + attempt.getStopReason() + ").");
      }
      String to = "";
      if (workerId != null) {
        WorkerEntity w = workers.findById(workerId).orElseThrow(
            () -> new InvalidRequestException("'workerId': no worker has id " + workerId + "."));
        if (w.getId() == attempt.getWorkerId()) {
          throw new InvalidRequestException("'workerId': job " + jobId + " already runs on worker " + w.getName() + ".");
        }
        if (w.getState() != WorkerState.ACTIVE || w.isCordoned()) {
          throw new StateConflictException("Worker " + w.getName() + " is "
              + (w.isCordoned() ? "cordoned" : w.getState()) + " and takes no new work; uncordon it or pick another.");
        }
        to = " to worker " + w.getName();
      } else if (!target.isEmpty()) {
        to = " to a worker labelled " + target;
      }
      job.targetNextPlacement(workerId, target);
      job.avoidOnNextPlacement(workerId == null && target.isEmpty() ? attempt.getWorkerId() : null);
      String why = "Migration" + to + " requested by " + actor
          + (reason == null || reason.isBlank() ? "" : ": " + reason.strip()) + ".";
      mover.vacate(attempt, job, workerName(attempt), JobEventType.MIGRATION_REQUESTED, why);
    });
    publisher.publishEvent(new ClusterChanged("job " + jobId + " migration requested"));
  }

  private JobEntity load(long jobId) {
    return jobs.findById(jobId).orElseThrow(() -> new NotFoundException("Job", jobId));
  }

  private AttemptEntity currentAttempt(JobEntity job) {
    return attempts.findById(job.getCurrentAttemptId()).orElseThrow();
  }

  private String workerName(AttemptEntity attempt) {
    return workers.findById(attempt.getWorkerId()).map(WorkerEntity::getName).orElse(null);
  }
}
