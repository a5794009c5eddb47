package io.tern.scheduler.worker;

import java.time.Instant;
import java.util.Map;

/**
 * A worker as the REST API shows it.
 *
 * @param eligible whether placement gives it new work (ACTIVE and not cordoned)
 * @param cordoned whether an operator (or a drain) cordoned it
 * @param cordonReason why, when cordoned
 */
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
    Instant lastSeenAt,
    boolean eligible,
    boolean cordoned,
    String cordonReason) {}
