package io.tern.protocol;

import java.util.List;
import java.util.Map;

/**
 * One attempt the worker must start: run {@code jobClass} in a new child JVM with heap
 * {@code memoryMb}, restoring from the first of {@code restoreCandidates} whose image is intact
 * (fresh when there is none), and checkpoint it every {@code checkpointIntervalMillis}.
 *
 * <p>{@code restoreCandidates}: the job's COMMITTED checkpoints, newest first. The worker tries them in
 * order; a candidate whose image is missing or fails verification is reported with {@code POST
 * .../checkpoints/{seq}/corrupt} and skipped. {@code restoreFrom} is the first candidate (kept for
 * workers that know only one restore point); when only it is sent, it is the only candidate.
 *
 * <p>{@code owner}: the job's owner. The worker reuses stored chunks of other jobs only among images
 * of the same owner; without it (an older scheduler), only among the job's own images.
 */
public record Assignment(
    long attemptId,
    long jobId,
    int attemptNumber,
    String jobClass,
    Map<String, String> parameters,
    int slots,
    int memoryMb,
    long checkpointIntervalMillis,
    RestorePoint restoreFrom,
    List<RestorePoint> restoreCandidates,
    String owner) {

  /** Derives the candidates from {@code restoreFrom} when they are absent. */
  public Assignment {
    if (restoreCandidates == null || restoreCandidates.isEmpty()) {
      restoreCandidates = restoreFrom == null ? List.of() : List.of(restoreFrom);
    } else {
      restoreCandidates = List.copyOf(restoreCandidates);
    }
  }

  /** An assignment with at most one restore point and no owner. */
  public Assignment(long attemptId, long jobId, int attemptNumber, String jobClass, Map<String, String> parameters,
      int slots, int memoryMb, long checkpointIntervalMillis, RestorePoint restoreFrom) {
    this(attemptId, jobId, attemptNumber, jobClass, parameters, slots, memoryMb, checkpointIntervalMillis,
        restoreFrom, null, null);
  }

  /** A committed checkpoint to restore from. */
  public record RestorePoint(long seq, String manifestKey) {}
}
