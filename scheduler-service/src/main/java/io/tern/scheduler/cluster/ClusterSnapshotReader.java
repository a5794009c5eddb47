package io.tern.scheduler.cluster;

import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.drain.DrainEntity;
import io.tern.scheduler.drain.DrainJobEntity;
import io.tern.scheduler.drain.DrainJobRepository;
import io.tern.scheduler.drain.DrainRepository;
import io.tern.scheduler.drain.DrainState;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.job.JobState;
import io.tern.scheduler.job.QueuedJobs;
import io.tern.scheduler.placement.PlacementPlanner;
import io.tern.scheduler.placement.QueuedJob;
import io.tern.scheduler.placement.WorkerCapacity;
import io.tern.scheduler.placement.WorkerCapacityReader;
import io.tern.scheduler.settings.OperationSettingsService;
import io.tern.scheduler.settings.OperationsProperties;
import io.tern.scheduler.attempt.DesiredState;
import java.time.Duration;
import io.tern.scheduler.worker.WorkerRepository;
import io.tern.scheduler.worker.WorkerState;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Reads the {@link ClusterSnapshot} from the database, in the caller's transaction. Of the queue it
 * reads only what a round can place: the due jobs at its head, as many as the eligible workers have
 * free slots plus {@code tern.scheduler.placement-lookahead} (default 1000), and the jobs being
 * moved to a chosen worker. An attempt being checkpointed and stopped carries its vacate deadline
 * ({@code tern.operations.vacate-deadline} after it was asked).
 */
@Component
public class ClusterSnapshotReader implements WorkerCapacityReader {

  private static final Set<AttemptState> LIVE = EnumSet.of(AttemptState.PENDING, AttemptState.RUNNING);

  private final WorkerRepository workers;
  private final AttemptRepository attempts;
  private final JobRepository jobs;
  private final CheckpointRepository checkpoints;
  private final DrainRepository drains;
  private final DrainJobRepository drainJobs;
  private final OperationSettingsService settings;
  private final Clock clock;
  private final int lookahead;
  private final Duration vacateDeadline;

  public ClusterSnapshotReader(WorkerRepository workers, AttemptRepository attempts, JobRepository jobs,
      CheckpointRepository checkpoints, DrainRepository drains, DrainJobRepository drainJobs,
      OperationSettingsService settings, OperationsProperties operations, Clock clock,
      @Value("${tern.scheduler.placement-lookahead:1000}") int lookahead) {
    this.vacateDeadline = operations.vacateDeadline();
    if (lookahead < 0) {
      throw new IllegalArgumentException("tern.scheduler.placement-lookahead must be 0 or more, not " + lookahead);
    }
    this.lookahead = lookahead;
    this.workers = workers;
    this.attempts = attempts;
    this.jobs = jobs;
    this.checkpoints = checkpoints;
    this.drains = drains;
    this.drainJobs = drainJobs;
    this.settings = settings;
    this.clock = clock;
  }

  /**
   * The whole snapshot.
   *
   * @param rebalance whether to read what the rebalancer weighs (running jobs and their latest images)
   */
  public ClusterSnapshot read(boolean rebalance) {
    List<ClusterSnapshot.Worker> ws = workers();
    List<ClusterSnapshot.Attempt> live = liveAttempts();
    List<QueuedJob> queued = queueHead(ClusterSnapshot.capacities(ws, live));
    List<ClusterSnapshot.RunningJob> running = rebalance ? running(live) : List.of();
    List<ClusterSnapshot.Drain> ds = drains(ws);
    return new ClusterSnapshot(clock.instant(), ws, live, queued, running, ds, settings.current());
  }

  private List<QueuedJob> queueHead(List<WorkerCapacity> capacities) {
    Map<Long, JobEntity> candidates = new LinkedHashMap<>();
    jobs.findQueueHead(clock.instant(), PlacementPlanner.candidates(capacities, lookahead))
        .forEach(j -> candidates.put(j.getId(), j));
    jobs.findByStateAndTargetWorkerIdIsNotNull(JobState.QUEUED).forEach(j -> candidates.putIfAbsent(j.getId(), j));
    return candidates.values().stream().map(QueuedJobs::of).toList();
  }

  /** What every worker can still take (the snapshot's capacities, without reading the rest). */
  @Override
  public List<WorkerCapacity> capacities() {
    return ClusterSnapshot.capacities(workers(), liveAttempts());
  }

  private List<ClusterSnapshot.Worker> workers() {
    return workers.findAllByOrderByNameAsc().stream()
        .map(w -> new ClusterSnapshot.Worker(w.getId(), w.getName(), w.getState() == WorkerState.ACTIVE,
            w.isCordoned(), w.getCordonReason(), w.getSlots(), w.getMemoryMb(), w.getLabels()))
        .toList();
  }

  private List<ClusterSnapshot.Attempt> liveAttempts() {
    return attempts.findByStateIn(LIVE).stream()
        .map(a -> new ClusterSnapshot.Attempt(a.getId(), a.getJobId(), a.getWorkerId(), a.getSlots(), a.getMemoryMb(),
            a.getState(), a.getDesired(),
            a.getDesired() == DesiredState.VACATE && a.getStopRequestedAt() != null
                ? a.getStopRequestedAt().plus(vacateDeadline) : null))
        .toList();
  }

  private List<ClusterSnapshot.RunningJob> running(List<ClusterSnapshot.Attempt> live) {
    Set<Long> liveIds = live.stream().map(ClusterSnapshot.Attempt::id).collect(Collectors.toSet());
    List<JobEntity> running = jobs.findByStateOrderByPriorityDescSubmittedAtAscIdAsc(JobState.RUNNING).stream()
        .filter(j -> j.getCurrentAttemptId() != null && liveIds.contains(j.getCurrentAttemptId()))
        .toList();
    Map<Long, CheckpointEntity> images = running.isEmpty() ? Map.of()
        : checkpoints.findLatestCommitted(running.stream().map(JobEntity::getId).toList()).stream()
            .collect(Collectors.toMap(CheckpointEntity::getJobId, Function.identity()));
    return running.stream()
        .map(j -> {
          CheckpointEntity c = images.get(j.getId());
          return new ClusterSnapshot.RunningJob(j.getId(), j.getCurrentAttemptId(), j.isHoldRequested(),
              c == null ? null : c.getStoredBytes(), c == null ? null : c.getCommittedAt(), j.getLastMovedAt());
        })
        .toList();
  }

  private List<ClusterSnapshot.Drain> drains(List<ClusterSnapshot.Worker> ws) {
    List<DrainEntity> active = drains.findByStateOrderByIdAsc(DrainState.DRAINING);
    if (active.isEmpty()) {
      return List.of();
    }
    Map<Long, String> names = ws.stream()
        .collect(Collectors.toMap(ClusterSnapshot.Worker::id, ClusterSnapshot.Worker::name));
    return active.stream()
        .map(d -> new ClusterSnapshot.Drain(d.getId(), d.getWorkerId(), names.get(d.getWorkerId()), d.getMode(),
            d.getDeadline(), d.getRequestedBy(), d.getReason(),
            drainJobs.findByDrainIdOrderByIdAsc(d.getId()).stream().map(DrainJobEntity::getAttemptId).toList()))
        .toList();
  }
}
