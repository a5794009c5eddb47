package io.tern.protocol;

import java.util.List;

/**
 * {@code POST /internal/v1/workers/{workerId}/orders?waitMillis=N}: the worker's long-poll for orders.
 * Lists the attempts the worker already runs (or is starting) and, of those, the ones it is already
 * stopping (killing or vacating). The scheduler answers, as a {@link WorkerOrders}, as soon as
 * an attempt placed on this worker is not among {@code attempts}, or one of {@code attempts} not
 * among {@code stopping} is to be killed or vacated; or with no orders once {@code waitMillis} has
 * passed. Unlike a heartbeat it records neither liveness nor progress: heartbeats go on as before, and
 * a worker whose scheduler does not know this call (404) simply waits for its next heartbeat.
 *
 * @param attempts the attempts the worker has (never null once built)
 * @param stopping the attempts it is already killing or vacating; {@code null} from a worker older
 *     than this field, whose polls then wait for new assignments only (kills and vacates reach it by
 *     heartbeat), so an order it has already applied can never end its polls at once again and again
 */
public record OrdersRequest(List<Long> attempts, List<Long> stopping) {

  /** Never a null {@code attempts}; {@code stopping} stays null when not sent. */
  public OrdersRequest {
    attempts = attempts == null ? List.of() : List.copyOf(attempts);
    stopping = stopping == null ? null : List.copyOf(stopping);
  }

  /** A poll that waits for new assignments only (what workers sent before {@code stopping} existed). */
  public OrdersRequest(List<Long> attempts) {
    this(attempts, null);
  }
}
