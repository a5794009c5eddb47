package io.tern.scheduler.rebalance;

import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.attempt.DesiredState;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.job.JobState;
import io.tern.scheduler.move.AttemptMover;
import io.tern.scheduler.settings.OperationSettings;
import io.tern.scheduler.settings.OperationSettingsService;
import io.tern.scheduler.tx.RetryingTransaction;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One rebalancing round: when on, plans moves with the {@link RebalancePlanner} over the eligible
 * workers and their running jobs, and asks each chosen attempt to checkpoint and stop; the job is
 * placed again on the idle worker from that image. Every move writes a {@code REBALANCE_MOVE} event
 * with the reason. Runs from a clustered Quartz job, under an advisory lock.
 */
@Service
public class RebalanceService {

  private static final Logger log = LoggerFactory.getLogger(RebalanceService.class);

  /** Advisory lock key of the rebalance round ("TERNREBL"). */
  static final long REBALANCE_LOCK_KEY = 0x5445524E5245424CL;

  private final EntityManager entityManager;
  private final WorkerRepository workers;
  private final AttemptRepository attempts;
  private final JobRepository jobs;
  private final CheckpointRepository checkpoints;
  private final AttemptMover mover;
  private final OperationSettingsService settings;
  private final RetryingTransaction tx;
  private final Clock clock;
  private final RebalancePlanner planner = new RebalancePlanner();

  public RebalanceService(EntityManager entityManager, WorkerRepository workers, AttemptRepository attempts,
      JobRepository jobs, CheckpointRepository checkpoints, AttemptMover mover, OperationSettingsService settings,
      RetryingTransaction tx, Clock clock) {
    this.entityManager = entityManager;
    this.workers = workers;
    this.attempts = attempts;
    this.jobs = jobs;
    this.checkpoints = checkpoints;
    this.mover = mover;
    this.settings = settings;
    this.tx = tx;
    this.clock = clock;
  }

  /**
   * Runs one round.
   *
   * @return the number of moves started (0 when off, balanced, or another replica holds the lock)
   */
  public int rebalanceOnce() {
    OperationSettings s = settings.current();
    if (!s.rebalanceEnabled()) {
      return 0;
    }
    int started = tx.run("Rebalance", () -> {
      if (!tryLock()) {
        return 0;
      }
      Instant now = clock.instant();
      List<WorkerEntity> eligible = workers.findAllByOrderByNameAsc().stream().filter(WorkerEntity::isEligible).toList();
      Map<Long, WorkerEntity> byId = eligible.stream().collect(Collectors.toMap(WorkerEntity::getId, Function.identity()));
      List<AttemptEntity> live = attempts.findByStateIn(EnumSet.of(AttemptState.PENDING, AttemptState.RUNNING));
      Map<Long, Integer> used = new HashMap<>(live.stream().collect(Collectors.groupingBy(
          AttemptEntity::getWorkerId, Collectors.summingInt(AttemptEntity::getSlots))));
      // a job moved to a worker but not placed there yet already counts on that worker
      for (JobEntity queued : jobs.findByStateOrderByPriorityDescSubmittedAtAscIdAsc(JobState.QUEUED)) {
        if (queued.getTargetWorkerId() != null) {
          used.merge(queued.getTargetWorkerId(), queued.getSlots(), Integer::sum);
        }
      }
      List<RebalancePlanner.Worker> ws = eligible.stream()
          .map(w -> new RebalancePlanner.Worker(w.getId(), w.getName(), w.getSlots(), used.getOrDefault(w.getId(), 0)))
          .toList();
      List<AttemptEntity> movable = live.stream()
          .filter(a -> a.getState() == AttemptState.RUNNING && a.getDesired() == DesiredState.RUN)
          .filter(a -> byId.containsKey(a.getWorkerId()))
          .toList();
      Map<Long, JobEntity> jobById = jobs.findAllById(movable.stream().map(AttemptEntity::getJobId).toList()).stream()
          .collect(Collectors.toMap(JobEntity::getId, Function.identity()));
      Map<Long, CheckpointEntity> images = checkpoints.findLatestCommitted(jobById.keySet()).stream()
          .collect(Collectors.toMap(CheckpointEntity::getJobId, Function.identity()));
      List<RebalancePlanner.Job> js = movable.stream()
          .filter(a -> {
            JobEntity j = jobById.get(a.getJobId());
            return j != null && j.getState() == JobState.RUNNING && !j.isHoldRequested()
                && a.getId().equals(j.getCurrentAttemptId());
          })
          .map(a -> {
            JobEntity j = jobById.get(a.getJobId());
            CheckpointEntity c = images.get(j.getId());
            return new RebalancePlanner.Job(j.getId(), a.getId(), a.getWorkerId(), a.getSlots(),
                c == null ? null : c.getStoredBytes(), c == null ? null : c.getCommittedAt(), j.getLastMovedAt());
          })
          .toList();
      RebalancePlanner.Limits limits = new RebalancePlanner.Limits(s.rebalanceThreshold(),
          Duration.ofSeconds(s.rebalanceCooldownSeconds()), s.rebalanceMaxMoves(), s.maxParallelMigrations(),
          mover.movesInFlight());
      List<RebalancePlanner.Move> moves = planner.plan(ws, js, limits, now);
      Map<Long, AttemptEntity> attemptById = movable.stream().collect(Collectors.toMap(AttemptEntity::getId, Function.identity()));
      for (RebalancePlanner.Move m : moves) {
        JobEntity job = jobById.get(m.jobId());
        job.targetNextPlacement(m.toWorkerId(), null);
        mover.vacate(attemptById.get(m.attemptId()), job, byId.get(m.fromWorkerId()).getName(),
            JobEventType.REBALANCE_MOVE, m.reason());
      }
      return moves.size();
    });
    if (started > 0) {
      log.info("Rebalance: {} move(s) started", started);
    }
    return started;
  }

  private boolean tryLock() {
    Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
        .setParameter(1, REBALANCE_LOCK_KEY).getSingleResult();
    return Boolean.TRUE.equals(locked);
  }
}
