package io.tern.scheduler.placement;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.job.JobState;
import io.tern.scheduler.worker.WorkerOrdersChanged;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies the {@link PlacementPlanner}'s plan in one transaction. The transaction first takes a
 * PostgreSQL advisory lock, so of several scheduler replicas only one places at a time and no job is
 * placed twice; a replica that does not get the lock does nothing this round.
 */
@Service
public class PlacementService {

  /** Advisory lock key of the placement round ("TERNPLAC"). */
  static final long PLACEMENT_LOCK_KEY = 0x5445524E504C4143L;

  private final EntityManager entityManager;
  private final JobRepository jobs;
  private final AttemptRepository attempts;
  private final CheckpointRepository checkpoints;
  private final WorkerCapacities capacities;
  private final JobEventLog events;
  private final Clock clock;
  private final ApplicationEventPublisher publisher;
  private final PlacementPlanner planner = new PlacementPlanner();

  public PlacementService(
      EntityManager entityManager,
      JobRepository jobs,
      AttemptRepository attempts,
      CheckpointRepository checkpoints,
      WorkerCapacities capacities,
      JobEventLog events,
      Clock clock,
      ApplicationEventPublisher publisher) {
    this.publisher = publisher;
    this.entityManager = entityManager;
    this.jobs = jobs;
    this.attempts = attempts;
    this.checkpoints = checkpoints;
    this.capacities = capacities;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Places as many queued jobs as fit.
   *
   * @return number of attempts created (0 also when another replica holds the lock)
   */
  @Transactional
  public int placeQueuedJobs() {
    if (!tryLock()) {
      return 0;
    }
    List<JobEntity> queued = jobs.findByStateOrderByPriorityDescSubmittedAtAscIdAsc(JobState.QUEUED);
    if (queued.isEmpty()) {
      return 0;
    }
    List<WorkerCapacity> workers = capacities.snapshot();
    Instant now = clock.instant();
    List<Placement> plan = planner.plan(queued.stream().map(PlacementService::toQueuedJob).toList(), workers, now);
    Map<Long, JobEntity> byId = queued.stream().collect(Collectors.toMap(JobEntity::getId, Function.identity()));
    Map<Long, String> workerNames =
        workers.stream().collect(Collectors.toMap(WorkerCapacity::workerId, WorkerCapacity::name));
    for (Placement p : plan) {
      place(byId.get(p.jobId()), p.workerId(), workerNames.get(p.workerId()), now);
    }
    if (!plan.isEmpty()) {
      publisher.publishEvent(new WorkerOrdersChanged(plan.stream().map(Placement::workerId).collect(Collectors.toSet())));
    }
    return plan.size();
  }

  private void place(JobEntity job, long workerId, String workerName, Instant now) {
    int number = job.getAttemptCount() + 1;
    Long restoreFrom =
        checkpoints
            .findFirstByJobIdAndStateOrderBySeqDesc(job.getId(), CheckpointState.COMMITTED)
            .map(CheckpointEntity::getSeq)
            .orElse(null);
    AttemptEntity attempt =
        new AttemptEntity(job.getId(), number, workerId, job.getSlots(), job.getMemoryMb(), restoreFrom, now);
    String from = restoreFrom == null ? ", starting fresh." : ", restoring from checkpoint " + restoreFrom + ".";
    if (restoreFrom == null && job.getOriginJobId() != null) {
      attempt.restoreFromOtherJob(job.getOriginJobId(), job.getOriginSeq());
      from = ", restoring from checkpoint " + job.getOriginSeq() + " of job " + job.getOriginJobId() + ".";
    }
    attempt = attempts.save(attempt);
    job.placed(attempt.getId(), number);
    events.record(job.getId(), JobEventType.PLACED, "Placed on worker " + workerName + " as attempt " + number + from,
        number, workerName);
  }

  private boolean tryLock() {
    Object locked =
        entityManager
            .createNativeQuery("select pg_try_advisory_xact_lock(?1)")
            .setParameter(1, PLACEMENT_LOCK_KEY)
            .getSingleResult();
    return Boolean.TRUE.equals(locked);
  }

  /** The planner's view of a queued job. */
  public static QueuedJob toQueuedJob(JobEntity job) {
    return new QueuedJob(
        job.getId(), job.getPriority(), job.getSubmittedAt(), job.getSlots(), job.getMemoryMb(), job.getNotBefore(),
        job.getConstraints(), job.getTargetWorkerId(), job.getTargetLabels(), job.getAvoidWorkerId());
  }
}
