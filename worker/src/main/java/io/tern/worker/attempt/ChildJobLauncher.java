package io.tern.worker.attempt;

import io.tern.protocol.Assignment;
import io.tern.sdk.internal.host.ChildListener;
import io.tern.sdk.internal.host.ChildOutcome;
import io.tern.sdk.internal.host.ChildProcess;
import io.tern.sdk.internal.host.ChildProcessSpec;
import io.tern.sdk.internal.host.ProcessSandbox;
import io.tern.sdk.internal.host.ReadyInfo;
import io.tern.sdk.internal.host.SnapshotInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches job processes as child JVMs through job-sdk's {@link ChildProcess} (docs/worker.md, "One
 * attempt"): the job's heap, the job classpath followed by the job's artifact jars, the configured JVM
 * options, inside the worker's job sandbox (docs/security.md, "Job sandbox"); the job's log lines go to the {@code io.tern.worker.job} logger.
 */
public final class ChildJobLauncher implements JobLauncher {

  private static final Logger jobLog = LoggerFactory.getLogger("io.tern.worker.job");

  private final Path javaExecutable;
  private final List<Path> classpath;
  private final List<String> jvmOptions;
  private final ProcessSandbox sandbox;
  private final ExecutorService spawner;

  /**
   * @param javaExecutable the {@code java} launcher for job processes
   * @param classpath the resolved job classpath, job-sdk first
   * @param jvmOptions extra options for every job JVM ({@code tern.worker.job-jvm-options})
   * @param sandbox what every job JVM starts in
   * @param slots how many jobs may start at once
   */
  public ChildJobLauncher(Path javaExecutable, List<Path> classpath, List<String> jvmOptions, ProcessSandbox sandbox,
      int slots) {
    this.javaExecutable = javaExecutable;
    this.classpath = List.copyOf(classpath);
    this.jvmOptions = jvmOptions == null ? List.of() : List.copyOf(jvmOptions);
    this.sandbox = sandbox;
    // Job processes are started from threads that live as long as the worker: a sandboxed job dies with
    // the thread that started it (bubblewrap's --die-with-parent is a parent-death signal, which Linux
    // ties to the starting thread), and the worker's attempt threads come and go.
    this.spawner = Executors.newFixedThreadPool(slots, r -> {
      Thread t = new Thread(r, "tern-job-spawner");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public JobProcess launch(Assignment assignment, List<Path> artifactJars, Path attemptDir) throws IOException {
    Map<String, String> parameters = assignment.parameters() == null ? Map.of() : assignment.parameters();
    List<Path> jobClasspath = new ArrayList<>(classpath);
    jobClasspath.addAll(artifactJars);
    ChildProcessSpec spec = new ChildProcessSpec(javaExecutable, jobClasspath, assignment.memoryMb(), attemptDir,
        Long.toString(assignment.jobId()), assignment.attemptNumber(), assignment.jobClass(), parameters, jvmOptions, sandbox);
    long attemptId = assignment.attemptId();
    ChildListener listener = new ChildListener() {
      @Override
      public void onProgress(long step, double progress) {
        // the process keeps its last step and progress; heartbeats read them from there
      }

      @Override
      public void onLog(String line) {
        jobLog.info("[attempt {}] {}", attemptId, line);
      }
    };
    Future<ChildProcess> started = spawner.submit(() -> ChildProcess.launch(spec, listener));
    try {
      return new Child(started.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.cancel(true);
      throw new InterruptedIOException("interrupted while starting the job process");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(e.getCause());
    }
  }

  private record Child(ChildProcess process) implements JobProcess {
    @Override
    public ReadyInfo start(InputStream restoreImageOrNull) throws IOException {
      return process.start(restoreImageOrNull);
    }

    @Override
    public SnapshotInfo snapshot(OutputStream sink) throws IOException {
      return process.snapshot(sink);
    }

    @Override
    public void collectOutputs(OutputStream sink) {
      process.collectOutputs(sink);
    }

    @Override
    public CompletableFuture<ChildOutcome> outcome() {
      return process.outcome();
    }

    @Override
    public long pid() {
      return process.pid();
    }

    @Override
    public long lastStep() {
      return process.lastStep();
    }

    @Override
    public double lastProgress() {
      return process.lastProgress();
    }

    @Override
    public boolean isAlive() {
      return !process.outcome().isDone()
          && ProcessHandle.of(process.pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public void kill() {
      process.kill();
    }
  }
}
