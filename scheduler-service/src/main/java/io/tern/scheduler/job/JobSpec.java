package io.tern.scheduler.job;

import java.util.Map;

/** A validated job submission, with defaults filled in. */
public record JobSpec(
    String name,
    String type,
    String entryClass,
    Map<String, Object> parameters,
    int slots,
    int memoryMb,
    int checkpointIntervalSeconds,
    int maxRetries,
    int priority) {}
