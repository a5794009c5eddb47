package io.tern.scheduler.placement;

import java.util.Map;

/**
 * What a worker can still take: its capacity minus the attempts (PENDING, RUNNING) it holds.
 *
 * @param active whether the worker may receive new work (ACTIVE and not cordoned)
 * @param labels the worker's labels, matched against job constraints
 * @param ineligibleReason why it may not receive work ({@value #LOST}, or "cordoned: …"), null when active
 */
public record WorkerCapacity(
    long workerId, String name, boolean active, int freeSlots, long freeMemoryMb, Map<String, String> labels,
    String ineligibleReason) {

  /** The {@code ineligibleReason} of a LOST worker. */
  public static final String LOST = "LOST";

  /** Never-null labels; a reason only when not active. */
  public WorkerCapacity {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    if (!active && ineligibleReason == null) {
      ineligibleReason = LOST;
    }
    if (active) {
      ineligibleReason = null;
    }
  }

  /** A worker without labels; inactive means LOST. */
  public WorkerCapacity(long workerId, String name, boolean active, int freeSlots, long freeMemoryMb) {
    this(workerId, name, active, freeSlots, freeMemoryMb, Map.of(), null);
  }

  /** Whether a job needing {@code slots} and {@code memoryMb} fits here now. */
  public boolean fits(int slots, int memoryMb) {
    return active && freeSlots >= slots && freeMemoryMb >= memoryMb;
  }

  /** Whether the worker is ACTIVE (heartbeating), cordoned or not. */
  public boolean alive() {
    return !LOST.equals(ineligibleReason);
  }

  /** This capacity after taking a job. */
  WorkerCapacity minus(int slots, int memoryMb) {
    return new WorkerCapacity(workerId, name, active, freeSlots - slots, freeMemoryMb - memoryMb, labels, ineligibleReason);
  }
}
