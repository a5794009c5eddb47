package io.tern.worker.attempt;

import io.tern.protocol.Assignment.RestorePoint;
import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointCorrupt;
import io.tern.sdk.internal.host.ChildOutcome;
import io.tern.worker.scheduler.Retrier;
import io.tern.worker.scheduler.SchedulerClient;
import io.tern.worker.scheduler.StaleAttemptException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the scheduler hears about one attempt: that it started, how it ended (retried while the
 * scheduler is unavailable and the attempt is still reportable) and which restore images were
 * damaged (best effort). A stale answer is handed to {@code onStale}.
 */
final class AttemptReports {

  private static final Logger log = LoggerFactory.getLogger(AttemptReports.class);

  private final long workerId;
  private final long attemptId;
  private final SchedulerClient scheduler;
  private final Retrier retrier;
  private final BooleanSupplier reportable;
  private final Consumer<StaleAttemptException> onStale;

  AttemptReports(long workerId, long attemptId, SchedulerClient scheduler, Retrier retrier, BooleanSupplier reportable,
      Consumer<StaleAttemptException> onStale) {
    this.workerId = workerId;
    this.attemptId = attemptId;
    this.scheduler = scheduler;
    this.retrier = retrier;
    this.reportable = reportable;
    this.onStale = onStale;
  }

  /**
   * What the scheduler is told about a process that ended with {@code outcome} (or {@code failure})
   * while the attempt was in state {@code before}; {@code startFailure} says why the job did not start.
   */
  static AttemptFinished finishedReport(ChildOutcome outcome, Throwable failure, AttemptState before,
      String startFailure) {
    if (outcome == null) {
      return new AttemptFinished(AttemptFinished.FAILED, null, before == AttemptState.FAILED_TO_START ? startFailure
          : "the job process ended abnormally: " + failure, null);
    }
    return switch (outcome.kind()) {
      case SUCCEEDED -> new AttemptFinished(AttemptFinished.SUCCEEDED, outcome.resultJson(), null, outcome.exitCode());
      case FAILED -> new AttemptFinished(AttemptFinished.FAILED, null,
          outcome.error() != null ? outcome.error() : startFailure, outcome.exitCode());
      case KILLED, DIED -> switch (before) {
        case KILLING, VACATING, DISOWNED ->
            new AttemptFinished(AttemptFinished.KILLED, null, "killed on the scheduler's order", outcome.exitCode());
        case FAILED_TO_START -> new AttemptFinished(AttemptFinished.FAILED, null, startFailure, outcome.exitCode());
        default -> new AttemptFinished(AttemptFinished.FAILED, null,
            "process exited with code " + outcome.exitCode(), outcome.exitCode());
      };
    };
  }

  /** {@code POST …/started}; completes when sent or given up. */
  CompletableFuture<Void> started(AttemptStarted started) {
    return send("report started of attempt " + attemptId, () -> scheduler.started(workerId, attemptId, started));
  }

  /** {@code POST …/finished}; completes when sent or given up. */
  CompletableFuture<Void> finished(AttemptFinished finished) {
    return send("report finished of attempt " + attemptId, () -> scheduler.finished(workerId, attemptId, finished));
  }

  /** {@code POST …/checkpoints/{seq}/corrupt}, once: the attempt falls back either way. */
  void damaged(RestorePoint candidate, CheckpointCorrupt report) {
    try {
      scheduler.reportCorruptCheckpoint(workerId, attemptId, candidate.seq(), report);
    } catch (StaleAttemptException e) {
      onStale.accept(e);
    } catch (RuntimeException e) {
      log.warn("attempt {}: could not report checkpoint {} corrupt: {}", attemptId, candidate.seq(), e.getMessage());
    }
  }

  private CompletableFuture<Void> send(String what, Runnable call) {
    return retrier.retry(what, () -> {
      call.run();
      return (Void) null;
    }, reportable).whenComplete((ok, error) -> {
      Throwable cause = error instanceof CompletionException ? error.getCause() : error;
      if (cause instanceof StaleAttemptException e) {
        onStale.accept(e);
      } else if (cause != null && !(cause instanceof CancellationException)) {
        log.warn("{} failed: {}", what, cause.getMessage());
      }
    });
  }
}
