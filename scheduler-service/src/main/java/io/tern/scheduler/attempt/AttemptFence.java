package io.tern.scheduler.attempt;

import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.job.JobRepository;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import org.springframework.stereotype.Component;

/**
 * Admits a worker's call about an attempt only if the attempt exists, was given to that worker, is
 * the job's current attempt (the attempt number is the fencing epoch) and has not ended.
 */
@Component
public class AttemptFence {

  private final AttemptRepository attempts;
  private final JobRepository jobs;
  private final WorkerRepository workers;

  public AttemptFence(AttemptRepository attempts, JobRepository jobs, WorkerRepository workers) {
    this.attempts = attempts;
    this.jobs = jobs;
    this.workers = workers;
  }

  /**
   * Loads and checks the attempt.
   *
   * @throws StaleAttemptException when any check fails
   */
  public FencedAttempt admit(long workerId, long attemptId) {
    AttemptEntity attempt =
        attempts
            .findById(attemptId)
            .orElseThrow(() -> new StaleAttemptException("Attempt " + attemptId + " is not known to the scheduler."));
    if (attempt.getWorkerId() != workerId) {
      throw new StaleAttemptException(
          "Attempt " + attemptId + " was not assigned to worker " + workerId + ".");
    }
    JobEntity job = jobs.findById(attempt.getJobId()).orElseThrow();
    if (!Long.valueOf(attemptId).equals(job.getCurrentAttemptId())) {
      throw new StaleAttemptException(
          "Attempt " + attempt.getNumber() + " of job " + job.getId()
              + " is no longer current; the job is at attempt " + job.getAttemptCount() + ".");
    }
    if (attempt.getState().isFinal()) {
      throw new StaleAttemptException(
          "Attempt " + attempt.getNumber() + " of job " + job.getId() + " already ended as "
              + attempt.getState() + ".");
    }
    WorkerEntity worker = workers.findById(workerId).orElseThrow();
    return new FencedAttempt(attempt, job, worker);
  }
}
