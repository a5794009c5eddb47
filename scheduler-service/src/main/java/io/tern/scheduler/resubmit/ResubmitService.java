package io.tern.scheduler.resubmit;

import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.artifact.JobArtifacts;
import io.tern.scheduler.checkpoint.CheckpointEntity;
import io.tern.scheduler.checkpoint.CheckpointRepository;
import io.tern.scheduler.checkpoint.CheckpointState;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.queue.JobService;
import io.tern.scheduler.security.Caller;
import io.tern.scheduler.job.SubmitJobRequest;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Creates a job whose initial state is a retained checkpoint of another job (running or ended). The
 * new job records its origin; its first attempt restores the source image, whose chunks are shared,
 * not copied. The source checkpoint is kept by the collector as long as the new job may still need
 * it (until the new job commits a checkpoint of its own or ends; see {@code CheckpointCollector}).
 *
 * <p>The new job's row and a forced version bump of the source checkpoint are written in one
 * transaction: a collector run that decided to delete that checkpoint concurrently fails its
 * conditional update and runs again, now seeing the new job; a collector that deleted it first makes
 * the resubmission fail with 409.
 */
@Service
public class ResubmitService {

  private final JobRepository jobs;
  private final CheckpointRepository checkpoints;
  private final JobService jobService;
  private final JobEventLog events;
  private final EntityManager entityManager;
  private final JobArtifacts artifacts;

  public ResubmitService(JobRepository jobs, CheckpointRepository checkpoints, JobService jobService,
      JobEventLog events, EntityManager entityManager, JobArtifacts artifacts) {
    this.artifacts = artifacts;
    this.jobs = jobs;
    this.checkpoints = checkpoints;
    this.jobService = jobService;
    this.events = events;
    this.entityManager = entityManager;
  }

  /**
   * Resubmits from checkpoint {@code seq} of job {@code fromJobId} as {@code caller}, within its limits.
   *
   * @return the new job's id
   * @throws NotFoundException when the job or checkpoint does not exist
   * @throws StateConflictException when the checkpoint is not COMMITTED (any more)
   */
  public long resubmit(long fromJobId, long seq, ResubmitRequest.Overrides overrides, Caller caller) {
    JobEntity source = jobs.findById(fromJobId).orElseThrow(() -> new NotFoundException("Job", fromJobId));
    ResubmitRequest.Overrides o = overrides == null ? emptyOverrides() : overrides;
    List<String> sourceArtifacts = JobArtifacts.ids(artifacts.of(fromJobId));
    SubmitJobRequest request = merged(source, o, sourceArtifacts);
    String owner = caller.owner();
    List<String> inherited = o.artifacts() == null ? sourceArtifacts : List.of();
    return jobService.submit(request, caller, o.priority(), inherited, job -> {
      CheckpointEntity c = checkpoints.findByJobIdAndSeq(fromJobId, seq)
          .orElseThrow(() -> new NotFoundException("Checkpoint", fromJobId + "/" + seq));
      if (c.getState() != CheckpointState.COMMITTED) {
        List<Long> retained = checkpoints.findByJobIdAndStateOrderBySeqDesc(fromJobId, CheckpointState.COMMITTED)
            .stream().map(CheckpointEntity::getSeq).sorted().toList();
        throw new StateConflictException("Checkpoint " + seq + " of job " + fromJobId + " is " + c.getState()
            + "; a job can be resubmitted only from a COMMITTED checkpoint. Retained: " + retained + ".");
      }
      entityManager.lock(c, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
      job.originatesFrom(fromJobId, seq);
      String code = o.artifacts() == null || o.artifacts().equals(sourceArtifacts) ? ""
          : " It runs other code than the source: artifacts " + o.artifacts() + " instead of " + sourceArtifacts
              + ", entry class " + request.entryClass() + ".";
      events.record(job.getId(), JobEventType.RESUBMITTED, "Resubmitted by " + owner + " from checkpoint " + seq
          + " (step " + c.getStep() + ") of job " + fromJobId + "; its first attempt restores that image." + code);
      events.record(fromJobId, JobEventType.CHECKPOINT_RESUBMITTED, "Checkpoint " + seq + " used by " + owner
          + " to resubmit as job " + job.getId() + "; kept while that job may need it.");
    });
  }

  private static SubmitJobRequest merged(JobEntity source, ResubmitRequest.Overrides o, List<String> sourceArtifacts) {
    Map<String, Object> parameters = new LinkedHashMap<>(source.getParameters());
    if (o.parameters() != null) {
      parameters.putAll(o.parameters());
    }
    List<String> newArtifacts = o.artifacts() != null ? o.artifacts() : sourceArtifacts;
    boolean catalog = source.getType() != null && o.entryClass() == null && newArtifacts.isEmpty();
    return new SubmitJobRequest(
        o.name() != null ? o.name() : source.getName(),
        catalog ? source.getType() : null,
        catalog ? null : o.entryClass() != null ? o.entryClass() : source.getEntryClass(),
        parameters,
        o.resources() != null ? o.resources()
            : new SubmitJobRequest.Resources(source.getSlots(), source.getMemoryMb()),
        o.checkpointIntervalSeconds() != null ? o.checkpointIntervalSeconds() : source.getCheckpointIntervalSeconds(),
        o.maxRetries() != null ? o.maxRetries() : source.getMaxRetries(),
        o.priority() != null ? o.priority() : source.getPriority(),
        o.retainCheckpoints() != null ? o.retainCheckpoints() : source.getRetainCheckpoints(),
        o.constraints() != null ? o.constraints() : source.getConstraints(),
        newArtifacts.isEmpty() ? null : newArtifacts);
  }

  private static ResubmitRequest.Overrides emptyOverrides() {
    return new ResubmitRequest.Overrides(null, null, null, null, null, null, null, null, null, null);
  }
}
