package io.tern.scheduler.execution;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptFence;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.checkpoint.CheckpointMetrics;
import io.tern.scheduler.attempt.FencedAttempt;

import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.tx.RetryingTransaction;
import java.time.Clock;
import java.time.Instant;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/** Handles a worker's reports that an attempt started or finished. */
@Service
public class AttemptReports {

  private final AttemptFence fence;
  private final AttemptEndings endings;
  private final JobEventLog events;
  private final RetryingTransaction tx;
  private final JsonMapper json;
  private final Clock clock;
  private final CheckpointMetrics checkpointMetrics;

  public AttemptReports(
      AttemptFence fence,
      AttemptEndings endings,
      JobEventLog events,
      RetryingTransaction tx,
      JsonMapper json,
      CheckpointMetrics checkpointMetrics,
      Clock clock) {
    this.checkpointMetrics = checkpointMetrics;
    this.fence = fence;
    this.endings = endings;
    this.events = events;
    this.tx = tx;
    this.json = json;
    this.clock = clock;
  }

  /**
   * PENDING → RUNNING. Records the restore metrics and the recovery time (now minus the time the
   * attempt was placed). A repeated report for an attempt already RUNNING changes nothing.
   */
  public void started(long workerId, long attemptId, AttemptStarted report) {
    tx.run(
        "Attempt " + attemptId,
        () -> {
          FencedAttempt f = fence.admit(workerId, attemptId);
          AttemptEntity attempt = f.attempt();
          if (attempt.getState() == AttemptState.RUNNING) {
            return;
          }
          Instant now = clock.instant();
          attempt.started(report.restoredFromSeq(), report.restoreMillis(), report.restoredBytes(), now);
          JobEntity job = f.job();
          job.setStep(report.step());
          if (job.getStartedAt() == null) {
            job.setStartedAt(now);
          }
          if (report.restoredFromSeq() == null) {
            String why = attempt.getRestoreFromSeq() == null ? ""
                : " because no checkpoint up to " + attempt.getRestoreFromSeq()
                    + " could be restored (each was found corrupt)";
            events.record(
                job.getId(), JobEventType.STARTED,
                "Attempt " + attempt.getNumber() + " started with fresh state" + why + " in "
                    + attempt.getRecoveryMs() + " ms after placement.",
                attempt.getNumber(), f.worker().getName());
          } else {
            checkpointMetrics.restored(attempt.getRecoveryMs(), report.restoreMillis(), report.restoredBytes());
            events.record(
                job.getId(), JobEventType.RESTORED,
                "Attempt " + attempt.getNumber() + " restored checkpoint " + report.restoredFromSeq()
                    + " at step " + report.step() + " (" + report.restoredBytes() + " bytes in "
                    + report.restoreMillis() + " ms); recovery took " + attempt.getRecoveryMs() + " ms.",
                attempt.getNumber(), f.worker().getName());
          }
        });
  }

  /** The attempt's process ended: SUCCEEDED, FAILED or KILLED. */
  public void finished(long workerId, long attemptId, AttemptFinished report) {
    String outcome = report.outcome() == null ? "" : report.outcome();
    switch (outcome) {
      case AttemptFinished.SUCCEEDED, AttemptFinished.FAILED, AttemptFinished.KILLED -> { }
      default -> throw new InvalidRequestException(
          "'outcome' must be SUCCEEDED, FAILED or KILLED, not '" + report.outcome() + "'.");
    }
    String result = AttemptFinished.SUCCEEDED.equals(outcome) ? normalizedJson(report.resultJson()) : null;
    tx.run(
        "Attempt " + attemptId,
        () -> {
          FencedAttempt f = fence.admit(workerId, attemptId);
          String workerName = f.worker().getName();
          switch (outcome) {
            case AttemptFinished.SUCCEEDED -> endings.succeeded(f.attempt(), f.job(), workerName, result);
            case AttemptFinished.FAILED ->
                endings.failed(f.attempt(), f.job(), workerName, report.error(), report.exitCode());
            default -> endings.killed(f.attempt(), f.job(), workerName);
          }
        });
  }

  private String normalizedJson(String resultJson) {
    if (resultJson == null || resultJson.isBlank()) {
      return null;
    }
    try {
      return json.writeValueAsString(json.readTree(resultJson));
    } catch (JacksonException e) {
      throw new InvalidRequestException("'resultJson' is not valid JSON: " + e.getOriginalMessage());
    }
  }
}
