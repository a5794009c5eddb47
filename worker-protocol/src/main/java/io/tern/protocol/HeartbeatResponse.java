package io.tern.protocol;

import java.util.List;

/**
 * Answer to {@link Heartbeat}: new attempts to start, and attempts the worker must stop now (cancelled
 * jobs, stale attempts, attempts the scheduler does not know). {@code known=false} means the scheduler
 * does not know this worker id (for instance after it was declared LOST): the worker must kill all its
 * attempts and register again.
 */
public record HeartbeatResponse(boolean known, List<Assignment> assignments, List<Long> kill) {}
