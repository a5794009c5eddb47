package io.tern.scheduler.worker;

import java.util.Set;

/**
 * Published inside a transaction that gives these workers new orders: attempts placed on them, or
 * attempts of theirs to be killed or vacated. The worker protocol's long-poll answers their parked polls after
 * the commit (and, for orders given by another replica, at its next recheck).
 */
public record WorkerOrdersChanged(Set<Long> workerIds) {

  /** An immutable copy. */
  public WorkerOrdersChanged {
    workerIds = Set.copyOf(workerIds);
  }

  /** Orders for one worker. */
  public static WorkerOrdersChanged of(long workerId) {
    return new WorkerOrdersChanged(Set.of(workerId));
  }
}
