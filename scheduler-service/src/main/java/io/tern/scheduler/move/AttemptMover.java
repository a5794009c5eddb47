package io.tern.scheduler.move;

import io.tern.scheduler.execution.AttemptEndings;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.worker.WorkerOrdersChanged;
import java.time.Clock;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Moves a job's running attempt off its worker, in the caller's transaction. Two ways:
 *
 * <ul>
 *   <li>{@link #vacate}: the worker checkpoints the attempt now and then stops it (graceful drain,
 *       migrate, rebalance, hold). The job restarts elsewhere from that image.
 *   <li>{@link #stopNow}: the attempt ends at once, without a new checkpoint (immediate drain, drain
 *       deadline). The job restarts from its latest committed image; the worker kills the process
 *       at its next heartbeat, and fencing refuses anything that attempt still reports.
 * </ul>
 *
 * Neither uses one of the job's retries. An attempt the worker has not started yet (PENDING) has
 * nothing to checkpoint and is always stopped at once.
 */
@Component
public class AttemptMover {

  private static final Set<AttemptState> LIVE = EnumSet.of(AttemptState.PENDING, AttemptState.RUNNING);

  private final AttemptRepository attempts;
  private final AttemptEndings endings;
  private final JobEventLog events;
  private final Clock clock;
  private final ApplicationEventPublisher publisher;

  public AttemptMover(AttemptRepository attempts, AttemptEndings endings, JobEventLog events, Clock clock,
      ApplicationEventPublisher publisher) {
    this.attempts = attempts;
    this.endings = endings;
    this.events = events;
    this.clock = clock;
    this.publisher = publisher;
  }

  /**
   * Asks the worker to checkpoint {@code attempt} and stop it; records {@code type} with {@code why}.
   *
   * @return false when the attempt was already being stopped (nothing changed)
   */
  public boolean vacate(AttemptEntity attempt, JobEntity job, String workerName, JobEventType type, String reason) {
    if (attempt.getDesired() != DesiredState.RUN || attempt.getState().isFinal()) {
      return false;
    }
    String why = sentence(reason);
    if (attempt.getState() == AttemptState.PENDING) {
      events.record(job.getId(), type, why + " The attempt had not started: stopped at once.", attempt.getNumber(),
          workerName);
      attempt.requestKill(bare(why), clock.instant());
      endings.killed(attempt, job, workerName);
      return true;
    }
    attempt.requestVacate(bare(why), clock.instant());
    publisher.publishEvent(WorkerOrdersChanged.of(attempt.getWorkerId()));
    events.record(job.getId(), type, why + " Asking worker " + workerName + " to checkpoint attempt "
        + attempt.getNumber() + " and stop it.", attempt.getNumber(), workerName);
    return true;
  }

  /** Ends {@code attempt} now without a new checkpoint; the job is requeued (or HELD) at once. */
  public void stopNow(AttemptEntity attempt, JobEntity job, String workerName, JobEventType type, String reason) {
    if (attempt.getState().isFinal()) {
      return;
    }
    String why = sentence(reason);
    events.record(job.getId(), type, why, attempt.getNumber(), workerName);
    attempt.requestKill(bare(why), clock.instant());
    endings.killed(attempt, job, workerName);
  }

  private static String sentence(String text) {
    String t = bare(text);
    return t + ".";
  }

  /** The reason without its final punctuation, to be quoted inside another sentence. */
  private static String bare(String text) {
    String t = text.strip();
    while (t.endsWith(".") || t.endsWith(":")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }

  /** Attempts being checkpointed and moved right now, on every worker. */
  public int movesInFlight() {
    return attempts.findByStateInAndDesired(LIVE, DesiredState.VACATE).size();
  }
}
