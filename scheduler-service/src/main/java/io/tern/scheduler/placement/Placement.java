package io.tern.scheduler.placement;

/** Decision of the planner: run job {@code jobId} on worker {@code workerId}. */
public record Placement(long jobId, long workerId) {}
