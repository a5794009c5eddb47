package io.tern.scheduler.events;

import java.time.Instant;

/** An entry of a job's event log as the REST API shows it. */
public record JobEventView(
    long id, JobEventType type, String message, Integer attempt, String worker, Instant at) {}
