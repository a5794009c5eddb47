package io.tern.worker.attempt;

import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.CheckpointCorrupt;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.worker.scheduler.SchedulerClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** The attempt calls of the worker protocol, recorded in a shared event list; failures are queued per call. */
final class RecordingScheduler implements SchedulerClient {

  final List<String> events;
  final List<AttemptStarted> started = new ArrayList<>();
  final List<AttemptFinished> finished = new ArrayList<>();
  final List<CheckpointCommit> commits = new ArrayList<>();
  final Deque<RuntimeException> beginFailures = new ArrayDeque<>();
  final Deque<RuntimeException> commitFailures = new ArrayDeque<>();
  final Deque<RuntimeException> corruptReportFailures = new ArrayDeque<>();
  final Deque<RuntimeException> finishedFailures = new ArrayDeque<>();
  private long seq;

  RecordingScheduler(List<String> events) {
    this.events = events;
  }

  static String manifestKey(long seq) {
    return "jobs/5/checkpoints/" + seq;
  }

  @Override
  public RegisterResponse register(RegisterRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public WorkerOrders heartbeat(long workerId, Heartbeat heartbeat) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void started(long workerId, long attemptId, AttemptStarted report) {
    events.add("started " + (report.restoredFromSeq() == null ? "fresh" : "from " + report.restoredFromSeq()));
    started.add(report);
  }

  @Override
  public CheckpointBeginResponse beginCheckpoint(long workerId, long attemptId) {
    if (!beginFailures.isEmpty()) {
      events.add("begin refused");
      throw beginFailures.poll();
    }
    seq++;
    events.add("begin " + seq);
    return new CheckpointBeginResponse(seq, manifestKey(seq));
  }

  @Override
  public void commitCheckpoint(long workerId, long attemptId, long seq, CheckpointCommit commit) {
    if (!commitFailures.isEmpty()) {
      events.add("commit " + seq + " failed");
      throw commitFailures.poll();
    }
    events.add("commit " + seq);
    commits.add(commit);
  }

  @Override
  public void abortCheckpoint(long workerId, long attemptId, long seq) {
    abortCheckpoint(workerId, attemptId, seq, null);
  }

  @Override
  public void abortCheckpoint(long workerId, long attemptId, long seq, String reason) {
    events.add("abort " + seq + ": " + reason);
  }

  @Override
  public void reportCorruptCheckpoint(long workerId, long attemptId, long seq, CheckpointCorrupt report) {
    events.add("corrupt " + seq + " " + report.reason());
    if (!corruptReportFailures.isEmpty()) {
      throw corruptReportFailures.poll();
    }
  }

  @Override
  public void finished(long workerId, long attemptId, AttemptFinished report) {
    if (!finishedFailures.isEmpty()) {
      events.add("finished refused");
      throw finishedFailures.poll();
    }
    events.add("finished " + report.outcome());
    finished.add(report);
  }
}
