package io.tern.scheduler.execution;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptTrigger;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.execution.EndingPolicy.Ending;
import io.tern.scheduler.execution.EndingPolicy.Verdict;
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
 * What happens to a job when its current attempt ends, for each way an attempt can end: the
 * {@link EndingPolicy} decides, this class applies the verdict and writes the event. Runs in the
 * caller's transaction; publishes {@link ClusterChanged}, so a scheduling round follows the commit.
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
  public void succeeded(AttemptEntity attempt, JobEntity job, String workerName, String resultJson,
      String outputsManifestKey) {
    Instant now = clock.instant();
    attempt.ended(AttemptTrigger.SUCCEEDED, null, 0, now);
    abortPendingCheckpoints(attempt);
    if (decide(Ending.SUCCEEDED, attempt, job, false) == Verdict.COMPLETE) {
      job.completed(resultJson, outputsManifestKey, now);
      record(job, attempt, workerName, JobEventType.COMPLETED,
          "Attempt " + attempt.getNumber() + " succeeded; job completed.");
    }
    publisher.publishEvent(new ClusterChanged("attempt " + attempt.getId() + " ended"));
  }

  /** The job threw or its process died. */
  public void failed(AttemptEntity attempt, JobEntity job, String workerName, String error, Integer exitCode) {
    Instant now = clock.instant();
    String reason = error == null || error.isBlank() ? "no error message" : error;
    attempt.ended(AttemptTrigger.FAILED, reason, exitCode, now);
    abortPendingCheckpoints(attempt);
    RetryPolicy.Decision retry = retryPolicy.afterFailure(job.getRetryCount(), job.getMaxRetries(), now);
    String what = "Attempt " + attempt.getNumber() + " failed"
        + (exitCode == null ? "" : " (exit code " + exitCode + ")") + ": " + reason;
    switch (decide(Ending.FAILED, attempt, job, retry instanceof RetryPolicy.Retry)) {
      case CANCEL -> cancel(attempt, job, workerName, what + ". Job cancelled.", now);
      case HOLD_AFTER_RETRY -> {
        RetryPolicy.Retry r = (RetryPolicy.Retry) retry;
        job.setRetryCount(r.retryNumber());
        job.apply(JobTrigger.ATTEMPT_ENDED_FOR_HOLD);
        record(job, attempt, workerName, JobEventType.HELD,
            what + ". Retry " + r.retryNumber() + " of " + job.getMaxRetries() + " used; job HELD"
                + restorePoint(job) + " when released.");
      }
      case RETRY -> {
        RetryPolicy.Retry r = (RetryPolicy.Retry) retry;
        job.setRetryCount(r.retryNumber());
        job.requeued(JobTrigger.ATTEMPT_FAILED_RETRYING, r.notBefore(), reason);
        record(job, attempt, workerName, JobEventType.RETRY_SCHEDULED,
            what + ". Retry " + r.retryNumber() + " of " + job.getMaxRetries() + " after "
                + r.backoff().toMillis() + " ms (not before " + DateTimeFormatter.ISO_INSTANT.format(r.notBefore()) + ").");
      }
      case GIVE_UP -> {
        RetryPolicy.GiveUp giveUp = (RetryPolicy.GiveUp) retry;
        job.ended(JobTrigger.ATTEMPT_FAILED_FINAL, reason, now);
        record(job, attempt, workerName, JobEventType.FAILED,
            what + ". No retries left (" + giveUp.retriesUsed() + " of " + job.getMaxRetries() + " used); job failed.");
      }
      default -> { }
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
    String what = "Attempt " + attempt.getNumber();
    switch (decide(Ending.KILLED, attempt, job, false)) {
      case CANCEL -> cancel(attempt, job, workerName, what + " killed; job cancelled.", now);
      case HOLD -> hold(attempt, job, workerName, what + " stopped; job HELD" + restorePoint(job) + " when released.");
      case REQUEUE_MOVED -> {
        job.requeued(JobTrigger.ATTEMPT_VACATED, null, null);
        job.moved(now);
        record(job, attempt, workerName, JobEventType.VACATED,
            what + " stopped (" + attempt.getStopReason() + "); job requeued without using a retry"
                + restorePoint(job) + ".");
      }
      case REQUEUE_KILLED -> {
        job.requeued(JobTrigger.ATTEMPT_KILLED, null, null);
        record(job, attempt, workerName, JobEventType.ATTEMPT_KILLED,
            what + " was killed on the worker; job requeued without using a retry.");
      }
      default -> { }
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
    String what = "Attempt " + attempt.getNumber() + " lost: " + reason;
    switch (decide(Ending.LOST, attempt, job, false)) {
      case CANCEL -> cancel(attempt, job, workerName, what + ". Job cancelled.", now);
      case HOLD -> hold(attempt, job, workerName, what + ". Job HELD" + restorePoint(job) + " when released.");
      case REQUEUE_LOST -> {
        job.requeued(JobTrigger.ATTEMPT_LOST, null, null);
        record(job, attempt, workerName, JobEventType.ATTEMPT_LOST, what + ". Job requeued without using a retry.");
      }
      default -> { }
    }
    publisher.publishEvent(new ClusterChanged("attempt " + attempt.getId() + " ended"));
  }

  private static Verdict decide(Ending ending, AttemptEntity attempt, JobEntity job, boolean retryLeft) {
    boolean current = attempt.getId().equals(job.getCurrentAttemptId()) && !job.getState().isFinal();
    return EndingPolicy.decide(ending, new EndingPolicy.Facts(current, job.getState() == JobState.CANCELLING,
        job.isHoldRequested(), attempt.getStopReason() != null, retryLeft));
  }

  private void cancel(AttemptEntity attempt, JobEntity job, String workerName, String text, Instant now) {
    job.ended(JobTrigger.ATTEMPT_ENDED_AFTER_CANCEL, null, now);
    record(job, attempt, workerName, JobEventType.CANCELLED, text);
  }

  private void hold(AttemptEntity attempt, JobEntity job, String workerName, String text) {
    job.apply(JobTrigger.ATTEMPT_ENDED_FOR_HOLD);
    record(job, attempt, workerName, JobEventType.HELD, text);
  }

  private void record(JobEntity job, AttemptEntity attempt, String workerName, JobEventType type, String text) {
    events.record(job.getId(), type, text, attempt.getNumber(), workerName);
  }

  private void abortPendingCheckpoints(AttemptEntity attempt) {
    for (CheckpointEntity c : checkpoints.findByAttemptIdAndState(attempt.getId(), CheckpointState.PENDING)) {
      c.abort();
    }
  }

}
