package io.tern.worker.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and kills job processes left by an earlier life of this worker (one that was killed with
 * {@code kill -9}, or crashed). A job process normally exits by itself as soon as its worker's end of
 * the local socket closes; this is the safety net for one that did not (stuck, or frozen). A job
 * process is recognised by its command line, which names its attempt directory
 * ({@code -Dtern.attempt.dir=<work-dir>/attempts/<attemptId>}, also when a long work dir moved the
 * socket to a short temporary path) and the runtime's main class
 * {@code io.tern.sdk.internal.runtime.ChildMain}. Only processes of this worker's work directory are
 * touched.
 */
public final class OrphanedJobProcesses {

  private static final Logger log = LoggerFactory.getLogger(OrphanedJobProcesses.class);
  static final String CHILD_MAIN = "io.tern.sdk.internal.runtime.ChildMain";

  private final String attemptsDir;
  private final Supplier<Stream<ProcessHandle>> processes;

  /** @param workDir {@code tern.worker.work-dir} */
  public OrphanedJobProcesses(Path workDir) {
    this(workDir, ProcessHandle::allProcesses);
  }

  OrphanedJobProcesses(Path workDir, Supplier<Stream<ProcessHandle>> processes) {
    this.attemptsDir = workDir.toAbsolutePath().normalize().resolve("attempts") + "/";
    this.processes = processes;
  }

  /** The job processes of this work directory that are alive now. */
  public List<ProcessHandle> find() {
    long self = ProcessHandle.current().pid();
    return processes.get()
        .filter(p -> p.pid() != self)
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(this::isOurJobProcess).orElse(false))
        .toList();
  }

  boolean isOurJobProcess(String commandLine) {
    return commandLine.contains(CHILD_MAIN) && commandLine.contains(attemptsDir);
  }

  /**
   * Kills every orphaned job process ({@code SIGKILL}) and waits up to {@code timeout} for them to be gone.
   *
   * @return how many were killed
   */
  public int killAll(Duration timeout) {
    List<ProcessHandle> orphans = find();
    for (ProcessHandle orphan : orphans) {
      log.warn("killing job process {} left by an earlier run of this worker: {}", orphan.pid(),
          orphan.info().commandLine().orElse("?"));
      orphan.destroyForcibly();
    }
    CompletableFuture<?>[] exits = orphans.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
    try {
      CompletableFuture.allOf(exits).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.warn("{} orphaned job process(es) still alive after {}", orphans.stream().filter(ProcessHandle::isAlive).count(), timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return orphans.size();
  }
}
