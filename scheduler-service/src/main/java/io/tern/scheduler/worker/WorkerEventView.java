package io.tern.scheduler.worker;

import java.time.Instant;

/** An entry of a worker's audit log as the REST API shows it ({@code actor} null: the scheduler). */
public record WorkerEventView(long id, WorkerEventType type, String message, String actor, Instant at) {}
