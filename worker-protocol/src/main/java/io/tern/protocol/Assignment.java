package io.tern.protocol;

import java.util.Map;

/**
 * One attempt the worker must start: run {@code jobClass} in a new child JVM with heap
 * {@code memoryMb}, restoring from {@code restoreFrom} when it is not null, and checkpoint it every
 * {@code checkpointIntervalMillis}.
 */
public record Assignment(
    long attemptId,
    long jobId,
    int attemptNumber,
    String jobClass,
    Map<String, String> parameters,
    int slots,
    int memoryMb,
    long checkpointIntervalMillis,
    RestorePoint restoreFrom) {

  /** A committed checkpoint to restore from. */
  public record RestorePoint(long seq, String manifestKey) {}
}
