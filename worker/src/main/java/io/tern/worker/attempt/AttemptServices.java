package io.tern.worker.attempt;

import io.tern.worker.artifact.ArtifactCache;
import io.tern.worker.scheduler.Retrier;
import io.tern.worker.scheduler.SchedulerClient;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every {@link AttemptRunner} of a worker shares.
 *
 * @param scheduler the scheduler
 * @param images where checkpoint images are written and read (holds the storage credentials; the job process never sees them)
 * @param artifacts the jars of jobs that bring their own code, fetched, verified and held for each attempt
 * @param jobs launches job processes
 * @param directories attempt directories, logs and the snapshot spool
 * @param launcher runs the start-up of attempts (launch, restore), vacates and the end of attempts
 * @param timer fires checkpoint ticks and takes the snapshots
 * @param commits writes images to storage and commits them, so the job keeps running meanwhile
 * @param retrier repeats reports while the scheduler is unavailable
 * @param clock the time source
 * @param logs ships each attempt's output to storage as it runs
 */
public record AttemptServices(
    SchedulerClient scheduler,
    ImageSink images,
    ArtifactCache artifacts,
    JobLauncher jobs,
    AttemptDirectories directories,
    Executor launcher,
    ScheduledExecutorService timer,
    Executor commits,
    Retrier retrier,
    Clock clock,
    io.tern.worker.logs.LogShipping logs) {}
