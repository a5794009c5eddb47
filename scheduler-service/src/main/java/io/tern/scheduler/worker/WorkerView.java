package io.tern.scheduler.worker;

import java.time.Instant;
import java.util.Map;

/** A worker as the REST API shows it. */
public record WorkerView(
    long id,
    String name,
    WorkerState state,
    int slots,
    long memoryMb,
    int freeSlots,
    long freeMemoryMb,
    Map<String, String> labels,
    String version,
    Instant registeredAt,
    Instant lastSeenAt) {}
