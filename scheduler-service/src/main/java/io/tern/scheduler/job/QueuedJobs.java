package io.tern.scheduler.job;

import io.tern.scheduler.placement.QueuedJob;

/** A queued job as the placement planner sees it. */
public final class QueuedJobs {

  private QueuedJobs() {}

  /** The planner's view of {@code job}. */
  public static QueuedJob of(JobEntity job) {
    return new QueuedJob(
        job.getId(), job.getPriority(), job.getSubmittedAt(), job.getSlots(), job.getMemoryMb(), job.getNotBefore(),
        job.getConstraints(), job.getTargetWorkerId(), job.getTargetLabels(), job.getAvoidWorkerId());
  }
}
