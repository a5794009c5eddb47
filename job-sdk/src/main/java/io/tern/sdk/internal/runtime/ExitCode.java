package io.tern.sdk.internal.runtime;

/** Exit codes of the child JVM. */
public final class ExitCode {
  /** The job finished and its RESULT was sent. */
  public static final int SUCCEEDED = 0;
  /** The job failed and FAILED was sent. */
  public static final int FAILED = 1;
  /** Bad command line or a protocol error. */
  public static final int PROTOCOL_ERROR = 2;
  /** The worker's end of the socket went away. */
  public static final int WORKER_GONE = 3;
  /** The worker asked the child to stop. */
  public static final int STOPPED = 4;

  private ExitCode() {}
}
