package io.tern.scheduler.attempt;

import io.tern.scheduler.job.JobEntity;
import io.tern.scheduler.worker.WorkerEntity;

/** An attempt that passed the fence, with its job and worker, loaded in the caller's transaction. */
public record FencedAttempt(AttemptEntity attempt, JobEntity job, WorkerEntity worker) {}
