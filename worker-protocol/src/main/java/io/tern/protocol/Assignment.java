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
 *
 * <p>{@code artifacts}: the jars the job was submitted with (pinned at submit), in class-path order.
 * The worker runs {@code jobClass} from exactly these bytes: it fetches each from storage, checks its
 * SHA-256 against {@link JobArtifact#digest()}, and puts them on the job JVM's class path. Empty for a
 * job whose class is on the worker's own job class path (the catalog).
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
    String owner,
    List<JobArtifact> artifacts) {

  /** Derives the candidates from {@code restoreFrom} when they are absent. */
  public Assignment {
    artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    if (restoreCandidates == null || restoreCandidates.isEmpty()) {
      restoreCandidates = restoreFrom == null ? List.of() : List.of(restoreFrom);
    } else {
      restoreCandidates = List.copyOf(restoreCandidates);
    }
  }

  /** An assignment of a job without artifacts (its class is on the worker's job class path). */
  public Assignment(long attemptId, long jobId, int attemptNumber, String jobClass, Map<String, String> parameters,
      int slots, int memoryMb, long checkpointIntervalMillis, RestorePoint restoreFrom,
      List<RestorePoint> restoreCandidates, String owner) {
    this(attemptId, jobId, attemptNumber, jobClass, parameters, slots, memoryMb, checkpointIntervalMillis,
        restoreFrom, restoreCandidates, owner, List.of());
  }

  /** An assignment with at most one restore point and no owner. */
  public Assignment(long attemptId, long jobId, int attemptNumber, String jobClass, Map<String, String> parameters,
      int slots, int memoryMb, long checkpointIntervalMillis, RestorePoint restoreFrom) {
    this(attemptId, jobId, attemptNumber, jobClass, parameters, slots, memoryMb, checkpointIntervalMillis,
        restoreFrom, null, null);
  }

  /**
   * A jar of the job: {@code digest} is {@code sha256:<64 lower-case hex digits>} of its bytes,
   * {@code size} their length.
   */
  public record JobArtifact(String digest, long size) {

    /** Validates the digest's form and the size. */
    public JobArtifact {
      if (digest == null || !digest.matches("sha256:[0-9a-f]{64}")) {
        throw new IllegalArgumentException("digest must be sha256:<64 lower-case hex digits>, was " + digest);
      }
      if (size < 0) {
        throw new IllegalArgumentException("size must not be negative");
      }
    }

    /** The 64 hex digits of the digest. */
    public String sha256Hex() {
      return digest.substring("sha256:".length());
    }
  }

  /** A committed checkpoint to restore from. */
  public record RestorePoint(long seq, String manifestKey) {}
}
