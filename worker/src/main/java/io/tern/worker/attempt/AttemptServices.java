package io.tern.worker.attempt;

import io.tern.image.ImageStore;
import io.tern.worker.scheduler.Retrier;
import io.tern.worker.scheduler.SchedulerClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What every {@link AttemptRunner} of a worker shares.
 *
 * @param scheduler the scheduler
 * @param images the checkpoint image store (holds the storage credentials; the job process never sees them)
 * @param directories attempt directories and logs
 * @param javaExecutable the {@code java} launcher for job processes
 * @param classpath the resolved job classpath, job-sdk first
 * @param launcher runs the start-up of attempts (launch, restore, first report)
 * @param timer fires checkpoint ticks and takes the snapshots
 * @param commits writes images to storage and commits them, so the job keeps running meanwhile
 * @param retrier repeats reports while the scheduler is unavailable
 * @param clock the time source
 * @param jobJvmOptions extra options for every job JVM ({@code tern.worker.job-jvm-options})
 */
public record AttemptServices(
    SchedulerClient scheduler,
    ImageStore images,
    AttemptDirectories directories,
    Path javaExecutable,
    List<Path> classpath,
    Executor launcher,
    ScheduledExecutorService timer,
    Executor commits,
    Retrier retrier,
    Clock clock,
    List<String> jobJvmOptions) {

  /** Copies the lists. */
  public AttemptServices {
    classpath = List.copyOf(classpath);
    jobJvmOptions = jobJvmOptions == null ? List.of() : List.copyOf(jobJvmOptions);
  }
}
