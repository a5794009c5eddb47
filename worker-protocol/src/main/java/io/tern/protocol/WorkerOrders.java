package io.tern.protocol;

import java.util.List;

/**
 * What the scheduler tells a worker to do, in answer to its {@link Heartbeat} and to its long-poll for
 * orders ({@link OrdersRequest}): new attempts to start, attempts the worker must stop now (cancelled
 * jobs, stale attempts, attempts the scheduler does not know), and attempts it must vacate: take a
 * checkpoint now (after a checkpoint in flight, if any, has committed), then stop the process and
 * report the attempt KILLED (drain, migrate, hold, rebalance). A vacate whose checkpoint fails still
 * stops the process; the job then restarts from its previous image. An attempt listed in
 * {@code kill} is stopped at once even while it is vacating. {@code known=false} means the scheduler
 * does not know this worker id (for instance after it was declared LOST): the worker must kill all
 * its attempts and register again.
 *
 * <p>A worker that does not know {@code vacate} ignores it; the scheduler then stops the attempt
 * when the operation's deadline passes.
 */
public record WorkerOrders(boolean known, List<Assignment> assignments, List<Long> kill, List<Long> vacate) {

  /** Never null lists. */
  public WorkerOrders {
    assignments = assignments == null ? List.of() : List.copyOf(assignments);
    kill = kill == null ? List.of() : List.copyOf(kill);
    vacate = vacate == null ? List.of() : List.copyOf(vacate);
  }

  /** An answer without attempts to vacate. */
  public WorkerOrders(boolean known, List<Assignment> assignments, List<Long> kill) {
    this(known, assignments, kill, List.of());
  }
}
