package io.tern.scheduler.stream;

import java.time.Instant;

/**
 * One entry of a job's event log, as the live stream and {@code GET /api/v1/events} show it: the
 * event with enough of its job (name, owner, state now) for a dashboard to update without a look-up.
 *
 * @param id the event's id; ids grow, and a stream resumes after the last id it delivered
 * @param jobState the job's state when the event was read (not necessarily right after the event)
 */
public record StreamEvent(
    long id,
    long jobId,
    String jobName,
    String owner,
    String jobState,
    String type,
    String message,
    Integer attempt,
    String worker,
    Instant at) {

  /** The event as a submitter sees it: without the worker's name, in its field or its message. */
  public StreamEvent withoutWorker() {
    return new StreamEvent(id, jobId, jobName, owner, jobState, type,
        io.tern.scheduler.events.JobEventView.hideWorker(message, worker), attempt, null, at);
  }
}
