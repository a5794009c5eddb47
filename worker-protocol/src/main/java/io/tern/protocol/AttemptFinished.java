package io.tern.protocol;

/**
 * {@code POST /internal/v1/workers/{workerId}/attempts/{attemptId}/finished}: the attempt's process
 * ended. {@code outcome} is one of SUCCEEDED (with {@code resultJson}), FAILED (the job threw, or the
 * process died: {@code error} says which, {@code exitCode} when known) or KILLED (stopped on the
 * scheduler's order). A SUCCEEDED attempt stored the job's output directory as the job left it
 * before reporting: {@code outputsManifestKey} names that manifest
 * ({@code jobs/<job>/outputs/<attempt number, 6 digits>.json}).
 */
public record AttemptFinished(String outcome, String resultJson, String error, Integer exitCode,
    String outputsManifestKey) {

  /** An ending without published outputs. */
  public AttemptFinished(String outcome, String resultJson, String error, Integer exitCode) {
    this(outcome, resultJson, error, exitCode, null);
  }

  public static final String SUCCEEDED = "SUCCEEDED";
  public static final String FAILED = "FAILED";
  public static final String KILLED = "KILLED";
}
