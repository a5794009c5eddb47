package io.tern.scheduler.events;

import java.time.Clock;
import org.springframework.stereotype.Component;

/** Appends entries to job event logs, in the caller's transaction. */
@Component
public class JobEventLog {

  private final JobEventRepository events;
  private final Clock clock;

  public JobEventLog(JobEventRepository events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /** Records an event about a job as a whole. */
  public void record(long jobId, JobEventType type, String message) {
    record(jobId, type, message, null, null);
  }

  /** Records an event about one attempt of a job on a worker. */
  public void record(long jobId, JobEventType type, String message, Integer attemptNumber, String workerName) {
    events.save(new JobEventEntity(jobId, type, message, attemptNumber, workerName, clock.instant()));
  }
}
