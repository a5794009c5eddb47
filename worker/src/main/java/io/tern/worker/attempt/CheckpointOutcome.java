package io.tern.worker.attempt;

/** How one checkpoint of an attempt ended on this worker. */
public enum CheckpointOutcome {
  /** The image is durable and the scheduler committed it. */
  COMMITTED,
  /** Not taken: the previous checkpoint of the attempt is still being committed. */
  SKIPPED_BUSY,
  /** Not taken: the scheduler did not grant a new checkpoint (unreachable, or refused). */
  SKIPPED_NOT_GRANTED,
  /** Not taken: the attempt no longer runs. */
  SKIPPED_NOT_RUNNING,
  /** The job process could not give a snapshot (its codec failed); the job runs on; aborted. */
  ABORTED_SNAPSHOT_FAILED,
  /** The job process ended during the snapshot; aborted, nothing was written. */
  ABORTED_PROCESS_ENDED,
  /** Writing the image to storage failed; aborted. */
  ABORTED_WRITE_FAILED,
  /** The scheduler refused the commit; aborted. */
  ABORTED_COMMIT_REFUSED,
  /** The scheduler says the attempt is stale: the image does not count and the attempt is disowned. */
  STALE,
  /** The attempt was disowned while the commit waited for the scheduler; nothing more is sent. */
  GIVEN_UP
}
