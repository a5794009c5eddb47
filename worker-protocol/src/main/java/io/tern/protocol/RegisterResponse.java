package io.tern.protocol;

/**
 * Answer to {@link RegisterRequest}. A worker that registers under a name already known gets the
 * same id back; all attempts the scheduler still believed running there are marked LOST, since the
 * worker's previous life is over.
 *
 * @param workerSecret the worker's own secret for every later call ({@code Authorization: Basic
 *     base64(<workerId>:<workerSecret>)}); a new one on every registration, the previous one stops
 *     working
 */
public record RegisterResponse(long workerId, long heartbeatIntervalMillis, String workerSecret) {

  /** Never prints the secret. */
  @Override
  public String toString() {
    return "RegisterResponse[workerId=" + workerId + ", heartbeatIntervalMillis=" + heartbeatIntervalMillis
        + ", workerSecret=***]";
  }
}
