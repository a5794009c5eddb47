package io.tern.sdk.internal.host;

/**
 * How a child process ended.
 *
 * @param kind what happened
 * @param resultJson the job's result (SUCCEEDED only)
 * @param error a one-line explanation (null when SUCCEEDED): the exception's "class: message" when
 *     FAILED, "process exited with code N without reporting" when DIED
 * @param stackTrace the job's stack trace text when it FAILED with an exception, else null
 * @param exitCode the process exit code, when known
 * @param outputBytes SUCCEEDED: the length of the output section the child sent after the job's last
 *     step (the job's output directory as it left it), written to the sink given to
 *     {@link ChildProcess#collectOutputs}; -1 otherwise
 */
public record ChildOutcome(Kind kind, String resultJson, String error, String stackTrace, Integer exitCode,
    long outputBytes) {

  /** An outcome without an output section. */
  public ChildOutcome(Kind kind, String resultJson, String error, String stackTrace, Integer exitCode) {
    this(kind, resultJson, error, stackTrace, exitCode, -1);
  }

  /** The ways a child ends. */
  public enum Kind {
    /** The job finished and reported its result. */
    SUCCEEDED,
    /** The job reported a failure (an exception in the job, its codec, or restoring its image). */
    FAILED,
    /** Ended after {@link ChildProcess#kill()} or {@link ChildProcess#stop}. */
    KILLED,
    /** Ended without reporting anything (crash, kill -9 from outside, out of memory, ...). */
    DIED
  }
}
