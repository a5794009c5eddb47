package io.tern.scheduler.drain;

import java.time.Instant;
import java.util.List;

/**
 * A drain as the REST API shows it, with what each of its jobs is doing and waiting for.
 *
 * @param outcome how it ended (COMPLETED, CANCELLED), null while DRAINING
 * @param movesInFlight jobs being checkpointed and moved now, cluster-wide
 * @param maxParallelMigrations the cap on {@code movesInFlight}
 */
public record DrainView(
    long id,
    long workerId,
    String worker,
    DrainMode mode,
    DrainState state,
    String reason,
    String requestedBy,
    Instant deadline,
    Instant startedAt,
    Instant endedAt,
    String outcome,
    int movesInFlight,
    int maxParallelMigrations,
    List<Job> jobs) {

  /**
   * One job of the drain.
   *
   * @param attempt the attempt number the job had on the drained worker
   * @param phase where the job is: WAITING_FOR_MIGRATION_SLOT, CHECKPOINTING, STOPPING, QUEUED, HELD, MOVED, ENDED
   * @param waitingFor what it waits for now, for a person; null when it waits for nothing
   * @param detail where it is (restore point, new worker), for a person
   * @param note what the drain did beyond the normal path (stopped at the deadline, ...)
   */
  public record Job(
      long jobId, String name, int attempt, String phase, String waitingFor, String detail, String note) {}
}
