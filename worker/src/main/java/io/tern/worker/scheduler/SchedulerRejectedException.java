package io.tern.worker.scheduler;

/** The scheduler refused a call with a 4xx status other than stale-attempt; retrying the same call will not help. */
public class SchedulerRejectedException extends RuntimeException {

  private final int status;

  /** Creates the exception with the HTTP status and the scheduler's explanation. */
  public SchedulerRejectedException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status code the scheduler answered with. */
  public int status() {
    return status;
  }
}
