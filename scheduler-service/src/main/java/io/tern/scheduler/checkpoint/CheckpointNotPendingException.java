package io.tern.scheduler.checkpoint;

import io.tern.scheduler.api.ProblemException;
import io.tern.scheduler.api.ProblemTypes;
import org.springframework.http.HttpStatus;

/** A commit or abort named a checkpoint that is no longer PENDING (409). */
public class CheckpointNotPendingException extends ProblemException {

  /** Creates the exception for checkpoint {@code seq} of job {@code jobId}. */
  public CheckpointNotPendingException(long jobId, long seq, CheckpointState state) {
    super(HttpStatus.CONFLICT, ProblemTypes.STATE_CONFLICT, "State conflict",
        "Checkpoint " + seq + " of job " + jobId + " is " + state + ", not PENDING.");
  }
}
