package io.tern.scheduler.placement;

import java.util.Set;

/**
 * Published inside the placement transaction: new attempts were placed on these workers. Listeners
 * that act on it ({@code io.tern.scheduler.worker.OrdersLongPoll}) do so after the commit.
 */
public record AttemptsPlaced(Set<Long> workerIds) {

  /** An immutable copy. */
  public AttemptsPlaced {
    workerIds = Set.copyOf(workerIds);
  }
}
