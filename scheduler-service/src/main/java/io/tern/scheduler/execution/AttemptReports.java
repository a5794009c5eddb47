package io.tern.scheduler.execution;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptFence;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointMetrics;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.attempt.FencedAttempt;

import io.tern.image.ImageLayout;
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
  private final CheckpointRepository checkpoints;

  public AttemptReports(
      AttemptFence fence,
      AttemptEndings endings,
      JobEventLog events,
      RetryingTransaction tx,
      JsonMapper json,
      CheckpointMetrics checkpointMetrics,
      CheckpointRepository checkpoints,
      Clock clock) {
    this.checkpointMetrics = checkpointMetrics;
    this.checkpoints = checkpoints;
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
          Long assigned = attempt.getRestoreFromSeq();
          Long restored = report.restoredFromSeq();
          if (restored == null && assigned == null) {
            events.record(
                job.getId(), JobEventType.STARTED,
                "Attempt " + attempt.getNumber() + " started with fresh state in "
                    + attempt.getRecoveryMs() + " ms after placement.",
                attempt.getNumber(), f.worker().getName());
          } else if (restored == null) {
            events.record(
                job.getId(), JobEventType.STARTED_FROM_SCRATCH,
                "Attempt " + attempt.getNumber() + " started from scratch (step 0): the worker refused "
                    + refused(attempt, job.getId(), null, assigned) + ".",
                attempt.getNumber(), f.worker().getName());
          } else {
            checkpointMetrics.restored(attempt.getRecoveryMs(), report.restoreMillis(), report.restoredBytes());
            boolean fellBack = restored < assigned && attempt.getRestoreFromJobId() == null;
            events.record(
                job.getId(), fellBack ? JobEventType.RESTORE_FELL_BACK : JobEventType.RESTORED,
                "Attempt " + attempt.getNumber() + " restored checkpoint " + restored
                    + (fellBack ? ", not " + assigned + " (the worker refused " + refused(attempt, job.getId(), restored,
                        assigned) + ")," : "")
                    + " at step " + report.step() + " (" + report.restoredBytes() + " bytes in "
                    + report.restoreMillis() + " ms); recovery took " + attempt.getRecoveryMs() + " ms.",
                attempt.getNumber(), f.worker().getName());
          }
        });
  }

  /**
   * The checkpoints after {@code restored} (null: all) up to {@code assigned} the attempt did not
   * restore, newest first, each with the reason its worker reported.
   */
  private String refused(AttemptEntity attempt, long jobId, Long restored, long assigned) {
    Long source = attempt.getRestoreFromJobId();
    if (source != null && source != jobId) {
      return "checkpoint " + assigned + " of job " + source + " it was resubmitted from";
    }
    java.util.List<String> refused = new java.util.ArrayList<>();
    java.util.List<CheckpointEntity> all = checkpoints.findByJobIdOrderBySeqAsc(jobId);
    for (int i = all.size() - 1; i >= 0; i--) {
      CheckpointEntity c = all.get(i);
      if (c.getSeq() > assigned || (restored != null && c.getSeq() <= restored)) {
        continue;
      }
      if (c.getState() == CheckpointState.CORRUPT) {
        refused.add("checkpoint " + c.getSeq() + " (" + c.getCorruptReason() + ")");
      } else if (c.getState() == CheckpointState.COMMITTED) {
        refused.add("checkpoint " + c.getSeq() + " (no reason reported)");
      }
    }
    return refused.isEmpty() ? "checkpoint " + assigned : String.join(", ", refused);
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
            case AttemptFinished.SUCCEEDED -> endings.succeeded(f.attempt(), f.job(), workerName, result,
                outputsManifestKey(report, f));
            case AttemptFinished.FAILED ->
                endings.failed(f.attempt(), f.job(), workerName, report.error(), report.exitCode());
            default -> endings.killed(f.attempt(), f.job(), workerName);
          }
        });
  }

  /**
   * The outputs manifest a SUCCEEDED report names: only the key of this attempt's outputs
   * ({@link ImageLayout#outputsManifestKey}) is accepted; null when the report names none.
   */
  private static String outputsManifestKey(AttemptFinished report, FencedAttempt f) {
    String key = report.outputsManifestKey();
    if (key == null) {
      return null;
    }
    String expected = ImageLayout.outputsManifestKey(f.job().getId(), f.attempt().getNumber());
    if (!expected.equals(key)) {
      throw new InvalidRequestException("'outputsManifestKey' of attempt " + f.attempt().getNumber() + " of job "
          + f.job().getId() + " must be '" + expected + "'.");
    }
    return key;
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
