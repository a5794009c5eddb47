package io.tern.scheduler.queue;

import io.tern.scheduler.job.JobState;

import io.tern.scheduler.placement.PlacementExplanation;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A job as the REST API shows it.
 *
 * @param owner who submitted the job
 * @param currentAttempt the latest attempt (running, or the one that ended last), null before the
 *     first placement
 * @param latestCheckpoint the newest COMMITTED checkpoint, null when none
 * @param pendingReason when QUEUED: why it is not placed yet (one line)
 * @param placement when QUEUED: the summary and, for operators, a verdict per worker (like condor_q
 *     -better-analyze); a submitter gets the summary only, naming no worker
 * @param holdReason when HELD, or RUNNING while being checkpointed and stopped for a hold: why
 * @param constraints worker labels the job requires
 * @param origin when resubmitted from a checkpoint: the source job and checkpoint, and the source's and
 *     this job's artifacts
 * @param lastMovedAt when the job was last moved (drain, migrate, rebalance)
 * @param scheduleId the recurring schedule that submitted it, if any
 * @param artifacts the jars the job runs from, in class-path order (pinned at submit); empty for a job
 *     whose class is on the workers' class path
 */
public record JobView(
    long id,
    String owner,
    String name,
    String type,
    String entryClass,
    Map<String, Object> parameters,
    Resources resources,
    int checkpointIntervalSeconds,
    int maxRetries,
    int priority,
    JobState state,
    int retries,
    CurrentAttempt currentAttempt,
    Long step,
    Double progress,
    JsonNode result,
    String error,
    Instant submittedAt,
    Instant startedAt,
    Instant finishedAt,
    Instant notBefore,
    CheckpointSummary latestCheckpoint,
    String pendingReason,
    PlacementExplanation placement,
    String holdReason,
    Map<String, String> constraints,
    Origin origin,
    Instant lastMovedAt,
    Long scheduleId,
    List<Artifact> artifacts) {

  /**
   * The checkpoint a resubmitted job started from.
   *
   * @param sourceArtifacts the ids of the source job's artifacts
   * @param artifacts the ids of this job's artifacts: the same as the source's unless the
   *     resubmission named others
   */
  public record Origin(long jobId, long checkpointSeq, List<String> sourceArtifacts, List<String> artifacts) {}

  /** An artifact of the job: id ({@code sha256:…}), file name and size in bytes. */
  public record Artifact(String id, String name, long size) {}

  /** Slots and memory an attempt reserves. */
  public record Resources(int slots, int memoryMb) {}

  /** Number, state and worker of the job's latest attempt. */
  public record CurrentAttempt(int number, String state, String worker) {}

  /** The newest committed checkpoint. */
  public record CheckpointSummary(long seq, Long step, Instant committedAt, Long logicalBytes, Long storedBytes) {}
}
