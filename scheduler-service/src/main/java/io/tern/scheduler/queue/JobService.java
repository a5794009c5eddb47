package io.tern.scheduler.queue;

import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.job.JobSpec;
import io.tern.scheduler.job.JobSubmissionValidator;
import io.tern.scheduler.job.JobTrigger;
import io.tern.scheduler.job.SubmitJobRequest;

import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.artifact.JobArtifacts;
import io.tern.scheduler.api.StateConflictException;
import io.tern.scheduler.execution.AttemptEndings;
import io.tern.scheduler.attempt.AttemptEntity;
import io.tern.scheduler.attempt.AttemptRepository;
import io.tern.scheduler.attempt.AttemptState;
import io.tern.scheduler.events.JobEventLog;
import io.tern.scheduler.events.JobEventType;
import io.tern.scheduler.limits.OwnerLimits;
import io.tern.scheduler.placement.Labels;
import io.tern.scheduler.security.Caller;
import io.tern.scheduler.signal.ClusterChanged;
import io.tern.scheduler.tx.RetryingTransaction;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerOrdersChanged;
import io.tern.scheduler.worker.WorkerRepository;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/** Submitting and cancelling jobs. */
@Service
public class JobService {

  private final JobRepository jobs;
  private final AttemptRepository attempts;
  private final WorkerRepository workers;
  private final JobSubmissionValidator validator;
  private final AttemptEndings endings;
  private final JobEventLog events;
  private final RetryingTransaction tx;
  private final Clock clock;
  private final ApplicationEventPublisher publisher;
  private final OwnerLimits limits;
  private final JobArtifacts artifacts;

  public JobService(
      JobRepository jobs,
      AttemptRepository attempts,
      WorkerRepository workers,
      JobSubmissionValidator validator,
      AttemptEndings endings,
      JobEventLog events,
      RetryingTransaction tx,
      Clock clock,
      ApplicationEventPublisher publisher,
      OwnerLimits limits,
      JobArtifacts artifacts) {
    this.jobs = jobs;
    this.attempts = attempts;
    this.workers = workers;
    this.validator = validator;
    this.endings = endings;
    this.events = events;
    this.tx = tx;
    this.clock = clock;
    this.publisher = publisher;
    this.limits = limits;
    this.artifacts = artifacts;
  }

  /**
   * Validates and stores a new QUEUED job of {@code caller}, within its limits (see {@link OwnerLimits}),
   * then asks for a placement round.
   *
   * @param chosenPriority the priority the caller chose itself (null: none), held against its maximum
   * @param extra completes the new job (origin) in the same transaction, after it got its id and before
   *     its SUBMITTED event is written; an exception from it rolls the submission back
   * @return the new job's id
   */
  public long submit(SubmitJobRequest request, Caller caller, Integer chosenPriority, Consumer<JobEntity> extra) {
    return submit(request, caller, chosenPriority, Set.of(), extra);
  }

  /**
   * Like {@link #submit(SubmitJobRequest, Caller, Integer, Consumer)}, where the job takes over the
   * artifacts {@code inheritedArtifacts} unchanged from a job the caller may see (a resubmission):
   * they need to exist, not to be the caller's own.
   */
  public long submit(SubmitJobRequest request, Caller caller, Integer chosenPriority,
      Collection<String> inheritedArtifacts, Consumer<JobEntity> extra) {
    JobSpec spec = validator.toSpec(request);
    List<JobArtifacts.Resolved> pinned =
        artifacts.resolve(caller, request.artifacts(), spec.entryClass(), inheritedArtifacts);
    OptionalInt maxActive = limits.admitSubmission(caller, chosenPriority);
    return store(request, spec, caller.owner(), maxActive, pinned, extra);
  }

  /**
   * Validates and stores a new QUEUED job of {@code owner} on behalf of the scheduler itself (a
   * schedule's firing), without a caller's limits. Its artifacts (checked when the schedule was
   * created) must still exist.
   */
  public long submit(SubmitJobRequest request, String owner, Consumer<JobEntity> extra) {
    JobSpec spec = validator.toSpec(request);
    List<JobArtifacts.Resolved> pinned = request.hasArtifacts()
        ? artifacts.resolve(new Caller(owner, io.tern.scheduler.security.Role.SUBMITTER), request.artifacts(),
            spec.entryClass(), request.artifacts())
        : List.of();
    return store(request, spec, owner, OptionalInt.empty(), pinned, extra);
  }

  private long store(SubmitJobRequest request, JobSpec spec, String owner, OptionalInt maxActive,
      List<JobArtifacts.Resolved> pinned, Consumer<JobEntity> extra) {
    Map<String, String> constraints = Labels.validated(
        request.constraints(), "constraints");
    long id =
        tx.run(
            "Job",
            () -> {
              if (maxActive.isPresent()) {
                OwnerLimits.checkActiveJobs(owner, jobs.countUnfinishedLockingOwner(owner), maxActive.getAsInt());
              }
              JobEntity job = new JobEntity(spec, owner, clock.instant());
              job.setRetainCheckpoints(request.retainCheckpoints());
              job.setConstraints(constraints);
              job = jobs.saveAndFlush(job);
              artifacts.pin(job.getId(), pinned);
              extra.accept(job);
              events.record(
                  job.getId(), JobEventType.SUBMITTED,
                  "Submitted by " + owner + ": " + spec.entryClass() + " needing " + spec.slots() + " slot(s) and "
                      + spec.memoryMb() + " MB, priority " + spec.priority()
                      + (constraints.isEmpty() ? "" : ", on workers labelled " + constraints)
                      + (pinned.isEmpty() ? "" : ", from " + pinned.size() + " artifact(s) "
                          + pinned.stream().map(a -> a.name()).toList()) + ".");
              return job.getId();
            });
    publisher.publishEvent(new ClusterChanged("job " + id + " submitted"));
    return id;
  }

  /**
   * Cancels a job. QUEUED: CANCELLED at once. RUNNING: CANCELLING, and the attempt's desired state
   * becomes KILL (an attempt the worker has not started yet is KILLED at once). CANCELLING: no change.
   *
   * @throws StateConflictException when the job already ended
   */
  public void cancel(long jobId) {
    tx.run(
        "Job " + jobId,
        () -> {
          JobEntity job = jobs.findById(jobId).orElseThrow(() -> new NotFoundException("Job", jobId));
          if (job.getState().isFinal()) {
            throw new StateConflictException(
                "Job " + jobId + " is already " + job.getState() + "; only QUEUED, HELD or RUNNING jobs can be cancelled.");
          }
          switch (job.getState()) {
            case QUEUED -> {
              job.ended(JobTrigger.CANCEL_REQUESTED, null, clock.instant());
              events.record(jobId, JobEventType.CANCELLED, "Cancelled by a user while queued.");
            }
            case RUNNING -> cancelRunning(job);
            case HELD -> {
              job.ended(JobTrigger.CANCEL_REQUESTED, null, clock.instant());
              events.record(jobId, JobEventType.CANCELLED, "Cancelled by a user while held.");
            }
            default -> job.apply(JobTrigger.CANCEL_REQUESTED);
          }
        });
  }

  private void cancelRunning(JobEntity job) {
    job.apply(JobTrigger.CANCEL_REQUESTED);
    AttemptEntity attempt = attempts.findById(job.getCurrentAttemptId()).orElseThrow();
    String workerName = workers.findById(attempt.getWorkerId()).map(WorkerEntity::getName).orElse(null);
    events.record(
        job.getId(), JobEventType.CANCEL_REQUESTED,
        "Cancel requested by a user; asking worker " + workerName + " to kill attempt " + attempt.getNumber() + ".",
        attempt.getNumber(), workerName);
    attempt.requestKill();
    publisher.publishEvent(WorkerOrdersChanged.of(attempt.getWorkerId()));
    if (attempt.getState() == AttemptState.PENDING) {
      endings.killed(attempt, job, workerName);
    }
  }
}
