package io.tern.scheduler.attempt;

import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobState;
import io.tern.scheduler.job.JobTrigger;
import io.tern.scheduler.job.RetryPolicy;
import io.tern.scheduler.signal.ClusterChanged;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * What happens to a job when its current attempt ends, for each way an attempt can end. Runs in the
 * caller's transaction; asks for a placement round after it commits.
 *
 * <ul>
 *   <li>SUCCEEDED: job COMPLETED with the result.
 *   <li>FAILED: the retry policy decides: QUEUED after a backoff, or FAILED.
 *   <li>KILLED: job CANCELLED if it was being cancelled, else QUEUED again (no retry used).
 *   <li>LOST: job QUEUED again without using a retry (CANCELLED if it was being cancelled).
 * </ul>
 */
@Component
public class AttemptEndings {

  private final CheckpointRepository checkpoints;
  private final JobEventLog events;
  private final RetryPolicy retryPolicy;
  private final ApplicationEventPublisher publisher;
  private final Clock clock;

  public AttemptEndings(
      CheckpointRepository checkpoints,
      JobEventLog events,
      RetryPolicy retryPolicy,
      ApplicationEventPublisher publisher,
      Clock clock) {
    this.checkpoints = checkpoints;
    this.events = events;
    this.retryPolicy = retryPolicy;
    this.publisher = publisher;
    this.clock = clock;
  }

  /** The job finished with {@code resultJson}. */
  public void succeeded(AttemptEntity attempt, JobEntity job, String workerName, String resultJson) {
    Instant now = clock.instant();
    attempt.ended(AttemptTrigger.SUCCEEDED, null, 0, now);
    abortPendingCheckpoints(attempt);
    if (isCurrent(attempt, job)) {
      job.completed(resultJson, now);
      events.record(
          job.getId(), JobEventType.COMPLETED, "Attempt " + attempt.getNumber() + " succeeded; job completed.",
          attempt.getNumber(), workerName);
    }
    publisher.publishEvent(new ClusterChanged("attempt " + attempt.getId() + " ended"));
  }

  /** The job threw or its process died. */
  public void failed(AttemptEntity attempt, JobEntity job, String workerName, String error, Integer exitCode) {
    Instant now = clock.instant();
    String reason = error == null || error.isBlank() ? "no error message" : error;
    attempt.ended(AttemptTrigger.FAILED, reason, exitCode, now);
    abortPendingCheckpoints(attempt);
    if (isCurrent(attempt, job)) {
      String what = "Attempt " + attempt.getNumber() + " failed"
          + (exitCode == null ? "" : " (exit code " + exitCode + ")") + ": " + reason;
      if (job.getState() == JobState.CANCELLING) {
        job.ended(JobTrigger.ATTEMPT_ENDED_AFTER_CANCEL, null, now);
        events.record(job.getId(), JobEventType.CANCELLED, what + ". Job cancelled.", attempt.getNumber(), workerName);
      } else {
        RetryPolicy.Decision decision = retryPolicy.afterFailure(job.getRetryCount(), job.getMaxRetries(), now);
        if (decision instanceof RetryPolicy.Retry retry && job.isHoldRequested()) {
          job.setRetryCount(retry.retryNumber());
          job.apply(JobTrigger.ATTEMPT_ENDED_FOR_HOLD);
          events.record(
              job.getId(), JobEventType.HELD,
              what + ". Retry " + retry.retryNumber() + " of " + job.getMaxRetries() + " used; job HELD"
                  + restorePoint(job) + " when released.",
              attempt.getNumber(), workerName);
        } else if (decision instanceof RetryPolicy.Retry retry) {
          job.setRetryCount(retry.retryNumber());
          job.requeued(JobTrigger.ATTEMPT_FAILED_RETRYING, retry.notBefore(), reason);
          events.record(
              job.getId(), JobEventType.RETRY_SCHEDULED,
              what + ". Retry " + retry.retryNumber() + " of " + job.getMaxRetries() + " after "
                  + retry.backoff().toMillis() + " ms (not before "
                  + DateTimeFormatter.ISO_INSTANT.format(retry.notBefore()) + ").",
              attempt.getNumber(), workerName);
        } else {
          RetryPolicy.GiveUp giveUp = (RetryPolicy.GiveUp) decision;
          job.ended(JobTrigger.ATTEMPT_FAILED_FINAL, reason, now);
          events.record(
              job.getId(), JobEventType.FAILED,
              what + ". No retries left (" + giveUp.retriesUsed() + " of " + job.getMaxRetries() + " used); job failed.",
              attempt.getNumber(), workerName);
        }
      }
    }
    publisher.publishEvent(new ClusterChanged("attempt " + attempt.getId() + " ended"));
  }

  /**
   * The attempt was stopped on the scheduler's order (or killed on the worker for another reason).
   * A job being held becomes HELD; one whose attempt was stopped to move it (vacate, drain deadline)
   * is requeued to restart from its latest committed image; neither uses a retry.
   */
  public void killed(AttemptEntity attempt, JobEntity job, String workerName) {
    Instant now = clock.instant();
    attempt.ended(AttemptTrigger.KILLED, null, null, now);
    abortPendingCheckpoints(attempt);
    if (isCurrent(attempt, job)) {
      if (job.getState() == JobState.CANCELLING) {
        job.ended(JobTrigger.ATTEMPT_ENDED_AFTER_CANCEL, null, now);
        events.record(
            job.getId(), JobEventType.CANCELLED, "Attempt " + attempt.getNumber() + " killed; job cancelled.",
            attempt.getNumber(), workerName);
      } else if (job.isHoldRequested()) {
        job.apply(JobTrigger.ATTEMPT_ENDED_FOR_HOLD);
        events.record(
            job.getId(), JobEventType.HELD,
            "Attempt " + attempt.getNumber() + " stopped; job HELD" + restorePoint(job) + " when released.",
            attempt.getNumber(), workerName);
      } else if (attempt.getStopReason() != null) {
        job.requeued(JobTrigger.ATTEMPT_VACATED, null, null);
        job.moved(now);
        events.record(
            job.getId(), JobEventType.VACATED,
            "Attempt " + attempt.getNumber() + " stopped (" + attempt.getStopReason() + "); job requeued without"
                + " using a retry" + restorePoint(job) + ".",
            attempt.getNumber(), workerName);
      } else {
        job.requeued(JobTrigger.ATTEMPT_KILLED, null, null);
        events.record(
            job.getId(), JobEventType.ATTEMPT_KILLED,
            "Attempt " + attempt.getNumber() + " was killed on the worker; job requeued without using a retry.",
            attempt.getNumber(), workerName);
      }
    }
    publisher.publishEvent(new ClusterChanged("attempt " + attempt.getId() + " ended"));
  }

  /** ", to restart from checkpoint S (step X)" or ", to start afresh". */
  private String restorePoint(JobEntity job) {
    return checkpoints.findFirstByJobIdAndStateOrderBySeqDesc(job.getId(), CheckpointState.COMMITTED)
        .map(c -> ", to restart from checkpoint " + c.getSeq() + " (step " + c.getStep() + ")")
        .orElse(job.getOriginJobId() != null
            ? ", to restart from checkpoint " + job.getOriginSeq() + " of job " + job.getOriginJobId()
            : ", to start afresh (no checkpoint yet)");
  }

  /** The worker went silent or registered again: the attempt is gone, through no fault of the job. */
  public void lost(AttemptEntity attempt, JobEntity job, String workerName, String reason) {
    Instant now = clock.instant();
    attempt.ended(AttemptTrigger.LOST, reason, null, now);
    abortPendingCheckpoints(attempt);
    if (isCurrent(attempt, job)) {
      String what = "Attempt " + attempt.getNumber() + " lost: " + reason;
      if (job.getState() == JobState.CANCELLING) {
        job.ended(JobTrigger.ATTEMPT_ENDED_AFTER_CANCEL, null, now);
        events.record(job.getId(), JobEventType.CANCELLED, what + ". Job cancelled.", attempt.getNumber(), workerName);
      } else if (job.isHoldRequested()) {
        job.apply(JobTrigger.ATTEMPT_ENDED_FOR_HOLD);
        events.record(job.getId(), JobEventType.HELD, what + ". Job HELD" + restorePoint(job) + " when released.",
            attempt.getNumber(), workerName);
      } else {
        job.requeued(JobTrigger.ATTEMPT_LOST, null, null);
        events.record(
            job.getId(), JobEventType.ATTEMPT_LOST, what + ". Job requeued without using a retry.",
            attempt.getNumber(), workerName);
      }
    }
    publisher.publishEvent(new ClusterChanged("attempt " + attempt.getId() + " ended"));
  }

  private void abortPendingCheckpoints(AttemptEntity attempt) {
    for (CheckpointEntity c : checkpoints.findByAttemptIdAndState(attempt.getId(), CheckpointState.PENDING)) {
      c.abort();
    }
  }

  private static boolean isCurrent(AttemptEntity attempt, JobEntity job) {
    return attempt.getId().equals(job.getCurrentAttemptId()) && !job.getState().isFinal();
  }
}
