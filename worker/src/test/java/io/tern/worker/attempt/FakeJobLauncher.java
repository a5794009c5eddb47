package io.tern.worker.attempt;

import io.tern.protocol.Assignment;
import io.tern.sdk.internal.host.ChildOutcome;
import io.tern.sdk.internal.host.ReadyInfo;
import io.tern.sdk.internal.host.SnapshotInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Launches {@link FakeProcess}es: no real process, a job whose state is its step. */
final class FakeJobLauncher implements JobLauncher {

  final List<String> events;
  final List<FakeProcess> launched = new ArrayList<>();
  /** The artifact jars each launch was given. */
  final List<List<Path>> artifactJars = new ArrayList<>();
  final Deque<IOException> launchFailures = new ArrayDeque<>();
  /** Runs inside {@link FakeProcess#start}, before the job starts: an order arriving meanwhile. */
  Runnable duringStart = () -> {};
  /** Whether {@link FakeProcess#start} still succeeds after the process was killed (a race). */
  boolean startsDespiteKill;
  /** Thrown by {@link FakeProcess#start} (e.g. the job class does not exist). */
  IOException startFailure;
  /** Whether a killed process ends at once (else the test ends it). */
  boolean exitsOnKill = true;

  FakeJobLauncher(List<String> events) {
    this.events = events;
  }

  @Override
  public JobProcess launch(Assignment assignment, List<Path> jars, Path attemptDir) throws IOException {
    if (!launchFailures.isEmpty()) {
      throw launchFailures.poll();
    }
    artifactJars.add(jars);
    FakeProcess process = new FakeProcess(100 + launched.size());
    launched.add(process);
    events.add("launch " + process.pid);
    return process;
  }

  FakeProcess last() {
    return launched.get(launched.size() - 1);
  }

  final class FakeProcess implements JobProcess {
    final long pid;
    final CompletableFuture<ChildOutcome> outcome = new CompletableFuture<>();
    long step;
    byte[] restored;
    boolean killed;
    /** Dies (exit 137) after writing part of its next snapshot. */
    boolean diesDuringSnapshot;

    FakeProcess(long pid) {
      this.pid = pid;
    }

    @Override
    public ReadyInfo start(InputStream restoreImageOrNull) throws IOException {
      duringStart.run();
      if (startFailure != null) {
        throw startFailure;
      }
      if (killed && !startsDespiteKill) {
        throw new IOException("the child process ended (killed)");
      }
      if (restoreImageOrNull != null) {
        try {
          restored = restoreImageOrNull.readAllBytes();
        } catch (IOException e) {
          throw new IOException("sending the job to the child failed: " + e.getMessage(), e);
        }
        step = Long.parseLong(new String(restored, StandardCharsets.UTF_8).replace("step ", ""));
      }
      return new ReadyInfo(step, restored == null ? 0 : restored.length, 0);
    }

    @Override
    public SnapshotInfo snapshot(OutputStream sink) throws IOException {
      if (diesDuringSnapshot) {
        sink.write("st".getBytes(StandardCharsets.UTF_8));
        end(ChildOutcome.Kind.DIED, 137);
        throw new IOException("the child process ended (exit code 137)");
      }
      step += 10;
      byte[] state = ("step " + step).getBytes(StandardCharsets.UTF_8);
      sink.write(state);
      return new SnapshotInfo(step, state.length, 3_000_000, "text");
    }

    @Override
    public void collectOutputs(OutputStream sink) {
      // a fake job leaves an empty output directory: its section has no bytes
    }

    @Override
    public CompletableFuture<ChildOutcome> outcome() {
      return outcome;
    }

    @Override
    public long pid() {
      return pid;
    }

    @Override
    public long lastStep() {
      return step;
    }

    @Override
    public double lastProgress() {
      return Double.NaN;
    }

    @Override
    public boolean isAlive() {
      return !outcome.isDone();
    }

    @Override
    public void kill() {
      if (!killed && !outcome.isDone()) {
        events.add("kill " + pid);
      }
      killed = true;
      if (exitsOnKill) {
        end(ChildOutcome.Kind.KILLED, 137);
      }
    }

    /** The job finishes with {@code resultJson}. */
    void succeed(String resultJson) {
      outcome.complete(new ChildOutcome(ChildOutcome.Kind.SUCCEEDED, resultJson, null, null, 0, 0));
    }

    /** The process ends as {@code kind} with {@code exitCode}. */
    void end(ChildOutcome.Kind kind, int exitCode) {
      outcome.complete(new ChildOutcome(kind, null, kind == ChildOutcome.Kind.DIED
          ? "process exited with code " + exitCode + " without reporting" : null, null, exitCode));
    }
  }
}
