package io.tern.worker.scheduler;

import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.OrdersRequest;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.protocol.ShutdownDrainRequest;
import io.tern.protocol.ShutdownDrainResponse;
import java.time.Duration;

/**
 * The worker's side of the worker protocol ({@code /internal/v1}, ADR 0001). Every call either returns
 * the scheduler's answer or throws:
 *
 * <ul>
 *   <li>{@link SchedulerUnavailableException} — the scheduler could not be reached, timed out or
 *       answered 5xx; the caller retries with backoff;</li>
 *   <li>{@link StaleAttemptException} — the attempt is no longer the job's current attempt on this
 *       worker; the caller kills it;</li>
 *   <li>{@link SchedulerRejectedException} — any other refusal (4xx); retrying will not help.</li>
 * </ul>
 */
public interface SchedulerClient {

  /** {@code POST /workers/register}. */
  RegisterResponse register(RegisterRequest request);

  /** {@code POST /workers/{w}/heartbeat}. */
  WorkerOrders heartbeat(long workerId, Heartbeat heartbeat);

  /**
   * {@code POST /workers/{w}/orders?waitMillis=}: long-polls for new work, listing the attempts the
   * worker already has; answers as soon as an attempt is placed on this worker, or with no
   * assignments after {@code wait}. A scheduler without this call answers 404 ({@link
   * SchedulerRejectedException}); so does this default.
   */
  default WorkerOrders awaitOrders(long workerId, OrdersRequest running, Duration wait) {
    throw new SchedulerRejectedException(404, "this scheduler client does not long-poll for orders");
  }

  /** {@code POST /workers/{w}/attempts/{a}/started}. */
  void started(long workerId, long attemptId, AttemptStarted started);

  /** {@code POST /workers/{w}/attempts/{a}/checkpoints}: a new PENDING checkpoint. */
  CheckpointBeginResponse beginCheckpoint(long workerId, long attemptId);

  /** {@code PUT /workers/{w}/attempts/{a}/checkpoints/{seq}}: the image is durable. */
  void commitCheckpoint(long workerId, long attemptId, long seq, CheckpointCommit commit);

  /** {@code DELETE /workers/{w}/attempts/{a}/checkpoints/{seq}}: the worker gave up writing it. */
  void abortCheckpoint(long workerId, long attemptId, long seq);

  /** Like {@link #abortCheckpoint(long, long, long)}, telling the scheduler why (shown in the job's events). */
  default void abortCheckpoint(long workerId, long attemptId, long seq, String reason) {
    abortCheckpoint(workerId, attemptId, seq);
  }

  /**
   * {@code POST /workers/{w}/drain}: the worker is shutting down and asks to be drained (cordoned, each
   * attempt checkpointed and vacated, its job placed elsewhere as a migration), waiting at most
   * {@code timeout} for the answer. A scheduler without this call answers 404 ({@link
   * SchedulerRejectedException}); so does this default.
   */
  default ShutdownDrainResponse drainForShutdown(long workerId, ShutdownDrainRequest request, Duration timeout) {
    throw new SchedulerRejectedException(404, "this scheduler client does not drain workers on shutdown");
  }

  /**
   * {@code POST /workers/{w}/deregister}: the worker shuts down cleanly, its attempts are over. The
   * scheduler requeues their jobs at once instead of waiting for the heartbeat timeout. Best effort:
   * a worker that cannot say goodbye is detected by the timeout. Does nothing by default.
   */
  default void deregister(long workerId) {}

  /**
   * {@code POST /workers/{w}/attempts/{a}/checkpoints/{seq}/corrupt}: a restore found the checkpoint's
   * image damaged; the scheduler marks it CORRUPT. Best effort (the worker falls back either way).
   * Does nothing by default.
   */
  default void reportCorruptCheckpoint(long workerId, long attemptId, long seq, io.tern.protocol.CheckpointCorrupt report) {}

  /** {@code POST /workers/{w}/attempts/{a}/finished}. */
  void finished(long workerId, long attemptId, AttemptFinished finished);
}
