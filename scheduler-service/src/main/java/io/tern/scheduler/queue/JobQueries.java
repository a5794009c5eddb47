package io.tern.scheduler.queue;

import io.tern.scheduler.job.QueuedJobs;

import io.tern.scheduler.job.JobAccess;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobState;

import io.tern.scheduler.artifact.JobArtifacts;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.placement.PlacementExplanation;
import io.tern.scheduler.placement.PlacementPlanner;
import io.tern.scheduler.placement.WorkerCapacity;
import io.tern.scheduler.placement.WorkerCapacityReader;
import io.tern.scheduler.security.Caller;
import io.tern.scheduler.security.CurrentCaller;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads jobs for the REST API, as the current caller may see them: a submitter sees only its own
 * jobs, and another owner's job is "not found" to it, exactly like a job that does not exist. Only
 * operators see worker names and the per-worker placement verdicts (with free capacity).
 */
@Service
@Transactional(readOnly = true)
public class JobQueries {

  private final JobAccess access;
  private final JobSearch search;
  private final AttemptRepository attempts;
  private final CheckpointRepository checkpoints;
  private final WorkerRepository workers;
  private final WorkerCapacityReader cluster;
  private final JsonMapper json;
  private final Clock clock;
  private final CurrentCaller caller;
  private final JobArtifacts artifacts;
  private final PlacementPlanner planner = new PlacementPlanner();

  public JobQueries(
      JobAccess access,
      JobSearch search,
      AttemptRepository attempts,
      CheckpointRepository checkpoints,
      WorkerRepository workers,
      WorkerCapacityReader cluster,
      JsonMapper json,
      Clock clock,
      CurrentCaller caller,
      JobArtifacts artifacts) {
    this.caller = caller;
    this.artifacts = artifacts;
    this.access = access;
    this.search = search;
    this.attempts = attempts;
    this.checkpoints = checkpoints;
    this.workers = workers;
    this.cluster = cluster;
    this.json = json;
    this.clock = clock;
  }

  /** One job. */
  public JobView get(long id) {
    JobEntity job = require(id);
    return views(List.of(job)).get(0);
  }

  /** The job, if the current caller may see it (see {@link JobAccess#require}). */
  public JobEntity require(long id) {
    return access.require(id);
  }

  /**
   * A page of the jobs the current caller may see that match {@code query}, in its order. A
   * submitter sees only its own jobs: asking for another owner's answers an empty page.
   */
  public JobPage list(JobListQuery query) {
    Caller who = caller.get();
    JobSearch.Result result = search.find(query, who.seesAllJobs() ? null : who.owner());
    int totalPages = (int) Math.min(Integer.MAX_VALUE, (result.total() + query.size() - 1) / query.size());
    return new JobPage(views(result.items()), query.page(), query.size(), result.total(), totalPages);
  }

  private List<JobView> views(List<JobEntity> list) {
    if (list.isEmpty()) {
      return List.of();
    }
    List<Long> attemptIds = list.stream().map(JobEntity::getCurrentAttemptId).filter(Objects::nonNull).toList();
    Map<Long, AttemptEntity> current =
        attempts.findAllById(attemptIds).stream().collect(Collectors.toMap(AttemptEntity::getId, Function.identity()));
    boolean operator = caller.get().seesAllJobs();
    Map<Long, String> workerNames = operator
        ? workers.findAll().stream().collect(Collectors.toMap(WorkerEntity::getId, WorkerEntity::getName))
        : Map.of();
    Map<Long, CheckpointEntity> latest =
        checkpoints.findLatestCommitted(list.stream().map(JobEntity::getId).toList()).stream()
            .collect(Collectors.toMap(CheckpointEntity::getJobId, Function.identity()));
    boolean anyQueued = list.stream().anyMatch(j -> j.getState() == JobState.QUEUED);
    List<WorkerCapacity> capacity = anyQueued ? cluster.capacities() : List.of();
    Set<Long> withArtifacts = new HashSet<>(list.stream().map(JobEntity::getId).toList());
    list.stream().map(JobEntity::getOriginJobId).filter(Objects::nonNull).forEach(withArtifacts::add);
    Map<Long, List<JobArtifacts.Ref>> jobArtifacts = artifacts.of(withArtifacts);
    return list.stream()
        .map(j -> view(j, current.get(j.getCurrentAttemptId()), workerNames, latest.get(j.getId()), capacity, operator,
            jobArtifacts))
        .toList();
  }

  private JobView view(
      JobEntity job,
      AttemptEntity attempt,
      Map<Long, String> workerNames,
      CheckpointEntity checkpoint,
      List<WorkerCapacity> capacity,
      boolean operator,
      Map<Long, List<JobArtifacts.Ref>> jobArtifacts) {
    List<JobArtifacts.Ref> own = jobArtifacts.getOrDefault(job.getId(), List.of());
    PlacementExplanation placement =
        job.getState() != JobState.QUEUED ? null
            : operator ? planner.explain(QueuedJobs.of(job), capacity, clock.instant())
            : planner.explainWithoutWorkers(QueuedJobs.of(job), capacity, clock.instant());
    String pendingReason = placement == null ? null
        : placement.summary() != null ? placement.summary() : "waiting for the next placement round";
    return new JobView(
        job.getId(),
        job.getOwner(),
        job.getName(),
        job.getType(),
        job.getEntryClass(),
        job.getParameters(),
        new JobView.Resources(job.getSlots(), job.getMemoryMb()),
        job.getCheckpointIntervalSeconds(),
        job.getMaxRetries(),
        job.getPriority(),
        job.getState(),
        job.getRetryCount(),
        attempt == null
            ? null
            : new JobView.CurrentAttempt(
                attempt.getNumber(), attempt.getState().name(), workerNames.get(attempt.getWorkerId())),
        job.getStep(),
        job.getProgress(),
        parse(job.getResult()),
        job.getError(),
        job.getSubmittedAt(),
        job.getStartedAt(),
        job.getFinishedAt(),
        job.getNotBefore(),
        checkpoint == null
            ? null
            : new JobView.CheckpointSummary(
                checkpoint.getSeq(), checkpoint.getStep(), checkpoint.getCommittedAt(),
                checkpoint.getLogicalBytes(), checkpoint.getStoredBytes()),
        pendingReason,
        placement,
        job.getHoldReason(),
        job.getConstraints(),
        job.getOriginJobId() == null ? null : new JobView.Origin(job.getOriginJobId(), job.getOriginSeq(),
            JobArtifacts.ids(jobArtifacts.getOrDefault(job.getOriginJobId(), List.of())), JobArtifacts.ids(own)),
        job.getLastMovedAt(),
        job.getScheduleId(),
        own.stream().map(a -> new JobView.Artifact(a.id(), a.name(), a.size())).toList());
  }

  private JsonNode parse(String result) {
    return result == null ? null : json.readTree(result);
  }
}
