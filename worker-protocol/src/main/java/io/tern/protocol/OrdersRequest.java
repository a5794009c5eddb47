package io.tern.protocol;

import java.util.List;

/**
 * {@code POST /internal/v1/workers/{workerId}/orders?waitMillis=N}: the worker's long-poll for new
 * work. Lists the attempts the worker already runs (or is starting); the scheduler answers, as a
 * {@link HeartbeatResponse}, as soon as an attempt placed on this worker is not among them, or with
 * no assignments once {@code waitMillis} has passed. Unlike a heartbeat it records neither liveness
 * nor progress: heartbeats go on as before, and a worker whose scheduler does not know this call
 * (404) simply waits for the assignments its next heartbeat brings (added by issue 5).
 */
public record OrdersRequest(List<Long> attempts) {

  /** Never a null list. */
  public OrdersRequest {
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
  }
}
