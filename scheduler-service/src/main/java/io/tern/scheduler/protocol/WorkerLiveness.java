package io.tern.scheduler.protocol;

import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import io.tern.scheduler.worker.WorkerState;

import io.tern.scheduler.config.SchedulerProperties;
import io.tern.scheduler.execution.AttemptEndings;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.tx.RetryingTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * Failure detection: a worker silent for longer than {@code tern.scheduler.worker-timeout} is
 * LOST; its unfinished attempts are LOST and their jobs requeued without using a retry.
 */
@Service
public class WorkerLiveness {

  private static final Logger log = LoggerFactory.getLogger(WorkerLiveness.class);

  private final WorkerRepository workers;
  private final AttemptRepository attempts;
  private final JobRepository jobs;
  private final AttemptEndings endings;
  private final RetryingTransaction tx;
  private final SchedulerProperties properties;
  private final Clock clock;

  public WorkerLiveness(
      WorkerRepository workers,
      AttemptRepository attempts,
      JobRepository jobs,
      AttemptEndings endings,
      RetryingTransaction tx,
      SchedulerProperties properties,
      Clock clock) {
    this.workers = workers;
    this.attempts = attempts;
    this.jobs = jobs;
    this.endings = endings;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Marks every silent worker LOST.
   *
   * @return the number of workers marked LOST
   */
  public int markSilentWorkersLost() {
    return markSilentWorkersLost(null);
  }

  /**
   * Marks every silent worker LOST, unless the failure detector itself has not been watching for a
   * whole timeout yet ({@code watch}; null = no grace): then workers may simply not have been heard
   * because the scheduler or the database was down, and nobody is declared LOST.
   *
   * @return the number of workers marked LOST
   */
  int markSilentWorkersLost(DetectorWatch watch) {
    if (watch != null && !watch.mayDeclareLost(properties.workerTimeout())) {
      log.debug("Failure detection in its grace period until {}", watch.graceEndsAt(properties.workerTimeout()));
      return 0;
    }
    Instant cutoff = clock.instant().minus(properties.workerTimeout());
    List<Long> silent =
        workers.findByStateAndLastSeenAtBefore(WorkerState.ACTIVE, cutoff).stream().map(WorkerEntity::getId).toList();
    int lost = 0;
    for (long id : silent) {
      if (tx.run("Worker " + id, () -> markLost(id, cutoff))) {
        lost++;
      }
    }
    return lost;
  }

  private boolean markLost(long workerId, Instant cutoff) {
    WorkerEntity worker = workers.findById(workerId).orElseThrow();
    if (worker.getState() != WorkerState.ACTIVE || !worker.getLastSeenAt().isBefore(cutoff)) {
      return false;
    }
    worker.lost();
    String reason =
        "worker " + worker.getName() + " sent no heartbeat for more than " + properties.workerTimeout().toMillis() + " ms";
    List<AttemptEntity> live =
        attempts.findByWorkerIdAndStateIn(workerId, EnumSet.of(AttemptState.PENDING, AttemptState.RUNNING));
    for (AttemptEntity attempt : live) {
      endings.lost(attempt, jobs.findById(attempt.getJobId()).orElseThrow(), worker.getName(), reason);
    }
    log.warn("Worker {} is LOST ({}); {} attempt(s) lost", worker.getName(), reason, live.size());
    return true;
  }
}
