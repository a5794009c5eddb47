package io.tern.scheduler.worker;

import java.time.Clock;
import org.springframework.stereotype.Component;

/** Appends entries to workers' audit logs, in the caller's transaction. */
@Component
public class WorkerEventLog {

  private final WorkerEventRepository events;
  private final Clock clock;

  public WorkerEventLog(WorkerEventRepository events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /** Records what happened to worker {@code workerId}; {@code actor} null = the scheduler itself. */
  public void record(long workerId, WorkerEventType type, String message, String actor) {
    events.save(new WorkerEventEntity(workerId, type, message, actor, clock.instant()));
  }
}
