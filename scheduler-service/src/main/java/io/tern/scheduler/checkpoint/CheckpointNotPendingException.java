package io.tern.scheduler.checkpoint;

/** A commit or abort named a checkpoint that is no longer PENDING. */
public class CheckpointNotPendingException extends RuntimeException {

  /** Creates the exception for checkpoint {@code seq} of job {@code jobId}. */
  public CheckpointNotPendingException(long jobId, long seq, CheckpointState state) {
    super("Checkpoint " + seq + " of job " + jobId + " is " + state + ", not PENDING.");
  }
}
