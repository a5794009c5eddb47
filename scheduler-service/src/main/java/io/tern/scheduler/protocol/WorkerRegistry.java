package io.tern.scheduler.protocol;

import io.tern.scheduler.artifact.JobArtifacts;
import io.tern.scheduler.checkpoint.RestoreCandidates;
import io.tern.scheduler.drain.DrainService;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerEventLog;
import io.tern.scheduler.worker.WorkerEventType;
import io.tern.scheduler.worker.WorkerRepository;
import io.tern.scheduler.worker.WorkerState;

import io.tern.protocol.Assignment;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.scheduler.config.SchedulerProperties;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.api.UnsafeCharacters;
import io.tern.scheduler.execution.AttemptEndings;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.image.ImageLayout;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.security.Secrets;
import io.tern.scheduler.signal.ClusterChanged;
import io.tern.scheduler.tx.RetryingTransaction;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.access.AccessDeniedException;
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
  private final ApplicationEventPublisher publisher;
  private final RetryingTransaction tx;
  private final SchedulerProperties properties;
  private final Clock clock;
  private final RestoreCandidates restoreCandidates;
  private final JobArtifacts jobArtifacts;
  private final DrainService drains;
  private final WorkerEventLog workerEvents;

  public WorkerRegistry(
      WorkerRepository workers,
      AttemptRepository attempts,
      JobRepository jobs,
      AttemptEndings endings,
      ApplicationEventPublisher publisher,
      RetryingTransaction tx,
      SchedulerProperties properties,
      RestoreCandidates restoreCandidates,
      JobArtifacts jobArtifacts,
      DrainService drains,
      WorkerEventLog workerEvents,
      Clock clock) {
    this.drains = drains;
    this.workerEvents = workerEvents;
    this.restoreCandidates = restoreCandidates;
    this.jobArtifacts = jobArtifacts;
    this.workers = workers;
    this.attempts = attempts;
    this.jobs = jobs;
    this.endings = endings;
    this.publisher = publisher;
    this.tx = tx;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Registers a worker. A known name keeps its id; the attempts the scheduler still believed alive
   * there are LOST (the worker's previous life is over) and their jobs requeued. A name is bound to
   * its credential: a live worker's name is registered again only by that worker
   * ({@code presentedWorkerId}, authenticated with its current secret); with the join token
   * ({@code presentedWorkerId} null) only a new name or that of a LOST worker.
   *
   * @throws WorkerNameInUseException when the join token is used for a live worker's name
   * @throws AccessDeniedException when a worker's credentials are used for another name
   */
  public RegisterResponse register(RegisterRequest request, Long presentedWorkerId) {
    if (request.name() == null || !request.name().matches("[A-Za-z0-9._-]{1,100}")) {
      throw new InvalidRequestException("'name' is required: 1 to 100 letters, digits, '.', '_' or '-'.");
    }
    if (request.labels() != null && (request.labels().size() > 50
        || request.labels().entrySet().stream().anyMatch(e -> e.getKey() == null || e.getKey().length() > 100
            || e.getValue() == null || e.getValue().length() > 200))) {
      throw new InvalidRequestException("'labels' may have at most 50 entries, names up to 100 and values up to 200 characters.");
    }
    if (request.labels() != null && request.labels().entrySet().stream()
        .anyMatch(e -> UnsafeCharacters.in(e.getKey()) || UnsafeCharacters.in(e.getValue()))) {
      throw new InvalidRequestException("'labels' " + UnsafeCharacters.MESSAGE + ".");
    }
    if (request.version() != null && request.version().length() > 100) {
      throw new InvalidRequestException("'version' may have at most 100 characters.");
    }
    if (request.slots() < 1 || request.slots() > 1024) {
      throw new InvalidRequestException("'slots' must be between 1 and 1024.");
    }
    if (request.memoryMb() < 1 || request.memoryMb() > 16L * 1024 * 1024) {
      throw new InvalidRequestException("'memoryMb' must be between 1 and 16777216.");
    }
    String secret = Secrets.generate(Secrets.WORKER_SECRET_PREFIX);
    String secretHash = Secrets.sha256Hex(secret);
    long id =
        tx.run(
            "Worker " + request.name(),
            () -> {
              Instant now = clock.instant();
              WorkerEntity worker = workers.findByName(request.name()).orElse(null);
              if (presentedWorkerId != null && (worker == null || !worker.getId().equals(presentedWorkerId))) {
                throw new AccessDeniedException("worker " + presentedWorkerId + " registering as " + request.name());
              }
              if (presentedWorkerId == null && worker != null && worker.getState() != WorkerState.LOST
                  && worker.getSecretHash() != null) {
                throw new WorkerNameInUseException(request.name());
              }
              if (worker == null) {
                worker = new WorkerEntity(request.name(), now);
                worker.registered(request.slots(), request.memoryMb(), request.labels(), request.version(), now);
                worker.rotateSecret(secretHash);
                return workers.saveAndFlush(worker).getId();
              }
              worker.registered(request.slots(), request.memoryMb(), request.labels(), request.version(), now);
              worker.rotateSecret(secretHash);
              for (AttemptEntity attempt : attempts.findByWorkerIdAndStateIn(worker.getId(), LIVE)) {
                JobEntity job = jobs.findById(attempt.getJobId()).orElseThrow();
                endings.lost(attempt, job, worker.getName(), "worker " + worker.getName() + " registered again");
              }
              drains.endShutdownDrain(worker);
              return worker.getId();
            });
    log.info("Worker {} registered as id {} ({} slots, {} MB)", request.name(), id, request.slots(), request.memoryMb());
    publisher.publishEvent(new ClusterChanged("worker " + id + " registered"));
    return new RegisterResponse(id, properties.heartbeatInterval().toMillis(), secret);
  }

  /**
   * A worker that shuts down cleanly says goodbye: it is LOST at once (not after the timeout) and its
   * audit log says it left ({@code DEREGISTERED}); attempts still on it (those a shutdown drain could
   * not move by the worker's deadline) are LOST with the reason and their jobs requeued without using
   * a retry. Its processes are already gone when it calls. Unknown or already LOST workers are ignored.
   */
  public void deregister(long workerId) {
    boolean done = tx.run(
        "Worker " + workerId,
        () -> {
          WorkerEntity worker = workers.findById(workerId).orElse(null);
          if (worker == null || worker.getState() == WorkerState.LOST) {
            return false;
          }
          worker.lost();
          String reason = "worker " + worker.getName() + " shut down";
          for (AttemptEntity attempt : attempts.findByWorkerIdAndStateIn(workerId, LIVE)) {
            endings.lost(attempt, jobs.findById(attempt.getJobId()).orElseThrow(), worker.getName(), reason);
          }
          workerEvents.record(workerId, WorkerEventType.DEREGISTERED, "Shut down cleanly and said goodbye"
              + (worker.isCordoned() ? " (" + worker.getCordonReason() + ")" : "") + ".", null);
          return true;
        });
    if (done) {
      log.info("Worker {} deregistered (clean shutdown)", workerId);
      publisher.publishEvent(new ClusterChanged("worker " + workerId + " deregistered"));
    }
  }

  /**
   * Records a heartbeat: last-seen time, progress of current attempts. Answers the PENDING attempts
   * the worker does not run yet, and the attempts it must kill (cancelled, stale or unknown).
   */
  public WorkerOrders heartbeat(long workerId, Heartbeat heartbeat) {
    List<Heartbeat.AttemptStatus> reported =
        heartbeat == null || heartbeat.attempts() == null ? List.of() : heartbeat.attempts();
    return tx.run(
        "Worker " + workerId,
        () -> {
          WorkerEntity worker = workers.findById(workerId).orElse(null);
          if (worker == null || worker.getState() == WorkerState.LOST) {
            return new WorkerOrders(false, List.of(), List.of(), List.of());
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
          return ordersFor(workerId, running, kill);
        });
  }

  /**
   * What a long-polling worker is told ({@code POST …/orders}): the same assignments, kills and
   * vacates a heartbeat would answer, without recording liveness or progress. {@code known=false}
   * for an unknown or LOST worker.
   */
  public WorkerOrders orders(long workerId, Set<Long> running) {
    return tx.readOnly(
        "Worker " + workerId,
        () -> {
          WorkerEntity worker = workers.findById(workerId).orElse(null);
          if (worker == null || worker.getState() == WorkerState.LOST) {
            return new WorkerOrders(false, List.of(), List.of(), List.of());
          }
          return ordersFor(workerId, running, new LinkedHashSet<>());
        });
  }

  /**
   * For each of {@code workerIds} that has any, the orders its live attempts carry: placed and not to
   * be killed (to start), to be killed, to be vacated. What a long-polling worker waits for; one
   * indexed query for all of them.
   */
  public Map<Long, OpenOrders> openOrders(Set<Long> workerIds) {
    if (workerIds.isEmpty()) {
      return Map.of();
    }
    return tx.readOnly(
        "Workers " + workerIds.size(),
        () -> {
          Map<Long, OpenOrders> orders = new HashMap<>();
          for (AttemptEntity attempt : attempts.findByWorkerIdInAndStateIn(workerIds, LIVE)) {
            OpenOrders of = orders.computeIfAbsent(attempt.getWorkerId(),
                id -> new OpenOrders(new HashSet<>(), new HashSet<>(), new HashSet<>()));
            if (attempt.getDesired() == DesiredState.KILL) {
              of.kill().add(attempt.getId());
            } else if (attempt.getDesired() == DesiredState.VACATE) {
              of.vacate().add(attempt.getId());
            } else if (attempt.getState() == AttemptState.PENDING) {
              of.placed().add(attempt.getId());
            }
          }
          return orders;
        });
  }

  /** A worker's live attempts by the order they carry (see {@link #openOrders}). */
  public record OpenOrders(Set<Long> placed, Set<Long> kill, Set<Long> vacate) {}

  private WorkerOrders ordersFor(long workerId, Set<Long> running, Set<Long> kill) {
          List<Assignment> assignments = new ArrayList<>();
          List<Long> vacate = new ArrayList<>();
          for (AttemptEntity attempt : attempts.findByWorkerIdAndStateIn(workerId, LIVE)) {
            if (attempt.getDesired() == DesiredState.KILL) {
              kill.add(attempt.getId());
            } else if (attempt.getDesired() == DesiredState.VACATE && running.contains(attempt.getId())) {
              vacate.add(attempt.getId());
            } else if (attempt.getState() == AttemptState.PENDING && !running.contains(attempt.getId())) {
              assignments.add(withRestoreCandidates(
                  toAssignment(attempt, jobs.findById(attempt.getJobId()).orElseThrow())));
            }
          }
          return new WorkerOrders(true, assignments, List.copyOf(kill), vacate);
  }

  /** Adds the job's other COMMITTED checkpoints as fallbacks behind the assigned restore point. */
  private Assignment withRestoreCandidates(Assignment a) {
    if (a.restoreFrom() == null
        || !a.restoreFrom().manifestKey().equals(ImageLayout.manifestKey(a.jobId(), a.restoreFrom().seq()))) {
      return a; // none, or another job's checkpoint (a resubmission): that one only
    }
    java.util.List<Assignment.RestorePoint> candidates = restoreCandidates.of(a.jobId(), a.restoreFrom().seq());
    return new Assignment(a.attemptId(), a.jobId(), a.attemptNumber(), a.jobClass(), a.parameters(), a.slots(),
        a.memoryMb(), a.checkpointIntervalMillis(), candidates.isEmpty() ? null : candidates.get(0), candidates,
        a.owner(), a.artifacts());
  }

  /** The attempt's assignment: the job's class, parameters, restore point and artifacts (in class-path order). */
  private Assignment toAssignment(AttemptEntity attempt, JobEntity job) {
    Map<String, String> parameters = new LinkedHashMap<>();
    job.getParameters().forEach((k, v) -> parameters.put(k, String.valueOf(v)));
    Assignment.RestorePoint restore =
        attempt.getRestoreFromSeq() == null
            ? null
            : new Assignment.RestorePoint(
                attempt.getRestoreFromSeq(),
                ImageLayout.manifestKey(
                    attempt.getRestoreFromJobId() != null ? attempt.getRestoreFromJobId() : job.getId(),
                    attempt.getRestoreFromSeq()));
    return new Assignment(
        attempt.getId(),
        job.getId(),
        attempt.getNumber(),
        job.getEntryClass(),
        parameters,
        attempt.getSlots(),
        attempt.getMemoryMb(),
        job.getCheckpointIntervalSeconds() * 1000L,
        restore,
        null,
        job.getOwner(),
        jobArtifacts.of(job.getId()).stream().map(a -> new Assignment.JobArtifact(a.id(), a.size())).toList());
  }
}
