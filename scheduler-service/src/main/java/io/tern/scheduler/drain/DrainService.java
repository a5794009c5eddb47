package io.tern.scheduler.drain;

import io.tern.protocol.ShutdownDrainResponse;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.signal.ClusterChanged;
import io.tern.scheduler.tx.RetryingTransaction;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerEventLog;
import io.tern.scheduler.worker.WorkerEventType;
import io.tern.scheduler.worker.WorkerRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * A worker's eligibility for new work: cordon, uncordon, drain and cancel a drain. Every change is
 * written to the worker's audit log with who asked.
 */
@Service
public class DrainService {

  /** The reason of a drain a worker asks for when it shuts down. */
  public static final String SHUTDOWN_REASON = "worker shutting down";

  private final WorkerRepository workers;
  private final AttemptRepository attempts;
  private final DrainRepository drains;
  private final DrainJobRepository drainJobs;
  private final WorkerEventLog events;
  private final ApplicationEventPublisher publisher;
  private final RetryingTransaction tx;
  private final Clock clock;

  public DrainService(
      WorkerRepository workers,
      AttemptRepository attempts,
      DrainRepository drains,
      DrainJobRepository drainJobs,
      WorkerEventLog events,
      ApplicationEventPublisher publisher,
      RetryingTransaction tx,
      Clock clock) {
    this.workers = workers;
    this.attempts = attempts;
    this.drains = drains;
    this.drainJobs = drainJobs;
    this.events = events;
    this.publisher = publisher;
    this.tx = tx;
    this.clock = clock;
  }

  /** The worker takes no new work; its running jobs stay. Cordoning a cordoned worker changes nothing. */
  public void cordon(long workerId, String reason, String actor) {
    tx.run("Worker " + workerId, () -> {
      WorkerEntity worker = load(workerId);
      if (worker.isCordoned()) {
        return;
      }
      String why = reason == null || reason.isBlank() ? "by " + actor : reason.strip();
      worker.cordon(why);
      events.record(workerId, WorkerEventType.CORDONED,
          "Cordoned by " + actor + (reason == null || reason.isBlank() ? "" : ": " + reason.strip())
              + "; no new work, running jobs stay.", actor);
    });
  }

  /**
   * The worker takes new work again (also after a completed drain).
   *
   * @throws StateConflictException while a drain of the worker is in progress
   */
  public void uncordon(long workerId, String actor) {
    tx.run("Worker " + workerId, () -> {
      WorkerEntity worker = load(workerId);
      drains.findByWorkerIdAndState(workerId, DrainState.DRAINING).ifPresent(d -> {
        throw new StateConflictException("Worker " + worker.getName() + " is being drained (drain " + d.getId()
            + "); cancel the drain (DELETE /api/v1/workers/" + workerId + "/drain) to make it eligible again.");
      });
      if (!worker.isCordoned()) {
        return;
      }
      worker.uncordon();
      events.record(workerId, WorkerEventType.UNCORDONED, "Uncordoned by " + actor + "; eligible for new work.", actor);
    });
    publisher.publishEvent(new ClusterChanged("worker " + workerId + " uncordoned"));
  }

  /**
   * Starts draining a worker: it is cordoned at once, and the scheduling rounds move each of its jobs.
   *
   * @return the drain's id
   * @throws StateConflictException when a drain of the worker is already in progress
   */
  public long drain(long workerId, DrainRequest request, String actor) {
    DrainMode mode = request.mode() == null ? DrainMode.GRACEFUL : request.mode();
    String reason = request.reason() == null || request.reason().isBlank() ? null : request.reason().strip();
    long id = tx.run("Worker " + workerId, () -> {
      WorkerEntity worker = load(workerId);
      drains.findByWorkerIdAndState(workerId, DrainState.DRAINING).ifPresent(d -> {
        throw new StateConflictException("Worker " + worker.getName() + " is already being drained (drain "
            + d.getId() + "); see GET /api/v1/workers/" + workerId + "/drain or cancel it first.");
      });
      Instant now = clock.instant();
      Instant deadline = request.deadlineSeconds() == null ? null : now.plusSeconds(request.deadlineSeconds());
      DrainEntity drain = drains.saveAndFlush(new DrainEntity(workerId, mode, reason, actor, deadline, now));
      worker.cordon("drain " + drain.getId() + (reason == null ? "" : ": " + reason));
      List<AttemptEntity> live = attempts
          .findByWorkerIdAndStateIn(workerId, EnumSet.of(AttemptState.PENDING, AttemptState.RUNNING)).stream()
          .sorted(Comparator.comparingLong(AttemptEntity::getId)).toList();
      for (AttemptEntity a : live) {
        drainJobs.save(new DrainJobEntity(drain.getId(), a.getJobId(), a.getId()));
      }
      events.record(workerId, WorkerEventType.DRAIN_STARTED, "Drain " + drain.getId() + " started by " + actor + " ("
          + mode + (deadline == null ? ", no deadline" : ", deadline " + DateTimeFormatter.ISO_INSTANT.format(deadline))
          + (reason == null ? "" : ", reason: " + reason) + "): " + live.size()
          + " job(s) to move; the worker takes no new work.", actor);
      return drain.getId();
    });
    publisher.publishEvent(new ClusterChanged("drain " + id + " started"));
    return id;
  }

  /**
   * A worker that is shutting down asks to be drained: a GRACEFUL drain with the worker's own
   * deadline, requested by {@code worker:<name>}, unless a drain of it is already in progress (an
   * operator's), which is kept as it is. When the worker registers again, {@link #endShutdownDrain}
   * makes it eligible again.
   *
   * @return the drain, whether this call started it, and how many attempts it moves
   */
  public ShutdownDrainResponse drainForShutdown(long workerId, int deadlineSeconds) {
    if (deadlineSeconds < 1 || deadlineSeconds > 604800) {
      throw new InvalidRequestException("'deadlineSeconds' must be between 1 and 604800, not " + deadlineSeconds + ".");
    }
    ShutdownDrainResponse kept = tx.run("Worker " + workerId, () -> {
      WorkerEntity worker = load(workerId);
      DrainEntity running = drains.findByWorkerIdAndState(workerId, DrainState.DRAINING).orElse(null);
      if (running == null) {
        return null;
      }
      int moving = drainJobs.findByDrainIdOrderByIdAsc(running.getId()).size();
      events.record(workerId, WorkerEventType.SHUTDOWN_DRAIN, "The worker is shutting down; drain " + running.getId()
          + ", already in progress, moves its jobs.", shutdownActor(worker.getName()));
      return new ShutdownDrainResponse(running.getId(), false, moving);
    });
    if (kept != null) {
      return kept;
    }
    String actor = shutdownActor(tx.readOnly("Worker " + workerId, () -> load(workerId).getName()));
    long id = drain(workerId, new DrainRequest(DrainMode.GRACEFUL, deadlineSeconds, SHUTDOWN_REASON), actor);
    int moving = tx.readOnly("Drain " + id, () -> drainJobs.findByDrainIdOrderByIdAsc(id).size());
    return new ShutdownDrainResponse(id, true, moving);
  }

  /**
   * A worker registers again: if its newest drain is the one it asked for when it shut down, that
   * drain ends (its attempts of the previous life are over) and the worker takes new work again. An
   * operator's drain or cordon stays. Runs in the caller's transaction.
   */
  public void endShutdownDrain(WorkerEntity worker) {
    DrainEntity latest = drains.findFirstByWorkerIdOrderByIdDesc(worker.getId()).orElse(null);
    if (latest == null || !shutdownActor(worker.getName()).equals(latest.getRequestedBy())) {
      return;
    }
    Instant now = clock.instant();
    if (latest.getState() == DrainState.DRAINING) {
      latest.ended(DrainTrigger.ALL_MOVED, "The worker registered again; its earlier attempts are over.", now);
      events.record(worker.getId(), WorkerEventType.DRAIN_COMPLETED, "Drain " + latest.getId()
          + " completed: the worker registered again.", null);
    }
    if (worker.isCordoned() && worker.getCordonReason() != null
        && worker.getCordonReason().startsWith("drain " + latest.getId() + ":")) {
      worker.uncordon();
      events.record(worker.getId(), WorkerEventType.UNCORDONED,
          "Registered again after its shutdown drain " + latest.getId() + "; eligible for new work.", null);
    }
  }

  /** Who a worker's own shutdown drain is requested by (a colon is in no token owner's name). */
  static String shutdownActor(String workerName) {
    return "worker:" + workerName;
  }

  /**
   * Cancels the drain in progress: no further jobs are moved (moves already asked for complete) and
   * the worker is eligible for new work again.
   *
   * @throws StateConflictException when no drain of the worker is in progress
   */
  public void cancelDrain(long workerId, String actor) {
    tx.run("Worker " + workerId, () -> {
      WorkerEntity worker = load(workerId);
      DrainEntity drain = drains.findByWorkerIdAndState(workerId, DrainState.DRAINING).orElseThrow(
          () -> new StateConflictException("Worker " + worker.getName() + " has no drain in progress."));
      int total = drainJobs.findByDrainIdOrderByIdAsc(drain.getId()).size();
      String outcome = "Cancelled by " + actor + " with " + total + " job(s) in the drain; jobs not yet asked to move"
          + " stay on the worker.";
      drain.ended(DrainTrigger.CANCEL, outcome, clock.instant());
      worker.uncordon();
      events.record(workerId, WorkerEventType.DRAIN_CANCELLED, "Drain " + drain.getId() + " cancelled by " + actor
          + "; the worker takes new work again.", actor);
    });
    publisher.publishEvent(new ClusterChanged("drain of worker " + workerId + " cancelled"));
  }

  private WorkerEntity load(long workerId) {
    return workers.findById(workerId).orElseThrow(() -> new NotFoundException("Worker", workerId));
  }
}
