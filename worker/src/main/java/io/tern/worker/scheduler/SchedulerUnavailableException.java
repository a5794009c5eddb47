package io.tern.worker.scheduler;

/** The scheduler could not be reached, did not answer in time, or answered with a 5xx status. Retry later. */
public class SchedulerUnavailableException extends RuntimeException {

  /** Creates the exception with a message that says which call failed and why. */
  public SchedulerUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
