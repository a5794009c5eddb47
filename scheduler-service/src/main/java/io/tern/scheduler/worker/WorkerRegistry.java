package io.tern.scheduler.worker;

import io.tern.protocol.Assignment;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.HeartbeatResponse;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.scheduler.SchedulerProperties;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.attempt.AttemptEndings;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.checkpoint.CheckpointKeys;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.placement.PlacementLoop;
import io.tern.scheduler.tx.RetryingTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/** Worker registration and heartbeats: the scheduler's side of a worker's life. */
@Service
public class WorkerRegistry {

  private static final Logger log = LoggerFactory.getLogger(WorkerRegistry.class);
  private static final EnumSet<AttemptState> LIVE = EnumSet.of(AttemptState.PENDING, AttemptState.RUNNING);

  private final WorkerRepository workers;
  private final AttemptRepository attempts;
  private final JobRepository jobs;
  private final AttemptEndings endings;
  private final PlacementLoop placementLoop;
  private final RetryingTransaction tx;
  private final SchedulerProperties properties;
  private final Clock clock;

  public WorkerRegistry(
      WorkerRepository workers,
      AttemptRepository attempts,
      JobRepository jobs,
      AttemptEndings endings,
      PlacementLoop placementLoop,
      RetryingTransaction tx,
      SchedulerProperties properties,
      Clock clock) {
    this.workers = workers;
    this.attempts = attempts;
    this.jobs = jobs;
    this.endings = endings;
    this.placementLoop = placementLoop;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Registers a worker. A known name keeps its id; the attempts the scheduler still believed alive
   * there are LOST (the worker's previous life is over) and their jobs requeued.
   */
  public RegisterResponse register(RegisterRequest request) {
    if (request.name() == null || request.name().isBlank() || request.name().length() > 200) {
      throw new InvalidRequestException("'name' is required (1 to 200 characters).");
    }
    if (request.slots() < 1) {
      throw new InvalidRequestException("'slots' must be at least 1.");
    }
    if (request.memoryMb() < 1) {
      throw new InvalidRequestException("'memoryMb' must be at least 1.");
    }
    long id =
        tx.run(
            "Worker " + request.name(),
            () -> {
              Instant now = clock.instant();
              WorkerEntity worker = workers.findByName(request.name()).orElse(null);
              if (worker == null) {
                worker = new WorkerEntity(request.name(), now);
                worker.registered(request.slots(), request.memoryMb(), request.labels(), request.version(), now);
                return workers.saveAndFlush(worker).getId();
              }
              worker.registered(request.slots(), request.memoryMb(), request.labels(), request.version(), now);
              for (AttemptEntity attempt : attempts.findByWorkerIdAndStateIn(worker.getId(), LIVE)) {
                JobEntity job = jobs.findById(attempt.getJobId()).orElseThrow();
                endings.lost(attempt, job, worker.getName(), "worker " + worker.getName() + " registered again");
              }
              return worker.getId();
            });
    log.info("Worker {} registered as id {} ({} slots, {} MB)", request.name(), id, request.slots(), request.memoryMb());
    placementLoop.requestRound();
    return new RegisterResponse(id, properties.heartbeatInterval().toMillis());
  }

  /**
   * Records a heartbeat: last-seen time, progress of current attempts. Answers the PENDING attempts
   * the worker does not run yet, and the attempts it must kill (cancelled, stale or unknown).
   */
  public HeartbeatResponse heartbeat(long workerId, Heartbeat heartbeat) {
    List<Heartbeat.AttemptStatus> reported =
        heartbeat == null || heartbeat.attempts() == null ? List.of() : heartbeat.attempts();
    return tx.run(
        "Worker " + workerId,
        () -> {
          WorkerEntity worker = workers.findById(workerId).orElse(null);
          if (worker == null || worker.getState() == WorkerState.LOST) {
            return new HeartbeatResponse(false, List.of(), List.of());
          }
          worker.seen(clock.instant());
          Set<Long> kill = new LinkedHashSet<>();
          Set<Long> running = new HashSet<>();
          for (Heartbeat.AttemptStatus status : reported) {
            running.add(status.attemptId());
            AttemptEntity attempt = attempts.findById(status.attemptId()).orElse(null);
            JobEntity job = attempt == null ? null : jobs.findById(attempt.getJobId()).orElse(null);
            if (attempt == null || job == null || attempt.getWorkerId() != workerId || attempt.getState().isFinal()
                || !attempt.getId().equals(job.getCurrentAttemptId())) {
              kill.add(status.attemptId());
            } else {
              double progress = status.progress();
              jobs.updateProgress(job.getId(), status.step(), Double.isFinite(progress) ? progress : null);
            }
          }
          List<Assignment> assignments = new ArrayList<>();
          for (AttemptEntity attempt : attempts.findByWorkerIdAndStateIn(workerId, LIVE)) {
            if (attempt.getDesired() == DesiredState.KILL) {
              kill.add(attempt.getId());
            } else if (attempt.getState() == AttemptState.PENDING && !running.contains(attempt.getId())) {
              assignments.add(toAssignment(attempt, jobs.findById(attempt.getJobId()).orElseThrow()));
            }
          }
          return new HeartbeatResponse(true, assignments, List.copyOf(kill));
        });
  }

  private static Assignment toAssignment(AttemptEntity attempt, JobEntity job) {
    Map<String, String> parameters = new LinkedHashMap<>();
    job.getParameters().forEach((k, v) -> parameters.put(k, String.valueOf(v)));
    Assignment.RestorePoint restore =
        attempt.getRestoreFromSeq() == null
            ? null
            : new Assignment.RestorePoint(
                attempt.getRestoreFromSeq(), CheckpointKeys.manifestKey(job.getId(), attempt.getRestoreFromSeq()));
    return new Assignment(
        attempt.getId(),
        job.getId(),
        attempt.getNumber(),
        job.getEntryClass(),
        parameters,
        attempt.getSlots(),
        attempt.getMemoryMb(),
        job.getCheckpointIntervalSeconds() * 1000L,
        restore);
  }
}
