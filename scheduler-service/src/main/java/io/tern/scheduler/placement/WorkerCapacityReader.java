package io.tern.scheduler.placement;

import java.util.List;

/** Reads what every worker can still take, from the same cluster snapshot the scheduling rounds use. */
public interface WorkerCapacityReader {

  /** Capacities of all known workers, by name. */
  List<WorkerCapacity> capacities();
}
