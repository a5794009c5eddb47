package io.tern.scheduler.placement;

/**
 * What a worker can still take: its capacity minus the attempts (PENDING, RUNNING) it holds.
 *
 * @param active whether the worker is ACTIVE (only ACTIVE workers receive jobs)
 */
public record WorkerCapacity(
    long workerId, String name, boolean active, int freeSlots, long freeMemoryMb) {

  /** Whether a job needing {@code slots} and {@code memoryMb} fits here now. */
  public boolean fits(int slots, int memoryMb) {
    return active && freeSlots >= slots && freeMemoryMb >= memoryMb;
  }

  /** This capacity after taking a job. */
  WorkerCapacity minus(int slots, int memoryMb) {
    return new WorkerCapacity(workerId, name, active, freeSlots - slots, freeMemoryMb - memoryMb);
  }
}
