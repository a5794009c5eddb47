package io.tern.scheduler.protocol;

import io.tern.protocol.AttemptFinished;
import io.tern.protocol.AttemptStarted;
import io.tern.protocol.CheckpointBeginResponse;
import io.tern.protocol.CheckpointCommit;
import io.tern.protocol.Heartbeat;
import io.tern.protocol.WorkerOrders;
import io.tern.protocol.RegisterRequest;
import io.tern.protocol.RegisterResponse;
import io.tern.scheduler.execution.AttemptReports;
import io.tern.scheduler.checkpoint.CheckpointService;
import io.tern.protocol.OrdersRequest;
import io.tern.protocol.ShutdownDrainRequest;
import io.tern.protocol.ShutdownDrainResponse;
import io.tern.scheduler.drain.DrainService;
import jakarta.validation.constraints.PositiveOrZero;
import java.time.Duration;
import java.util.Set;
import org.springframework.web.context.request.async.DeferredResult;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import io.tern.scheduler.security.WorkerAuthentication;
import org.springframework.security.core.Authentication;

/**
 * The worker protocol ({@code /internal/v1}, see docs/adr/0001-module-contracts.md). Every call
 * about an attempt passes the attempt fence; a stale one is answered 409 {@code .../stale-attempt}.
 * Authentication (join token for register, the worker's own id and secret for the rest, and only
 * on its own paths) is enforced by {@code io.tern.scheduler.security.SecurityConfiguration}.
 */
@RestController
@RequestMapping("/internal/v1/workers")
public class WorkerProtocolController {

  private final WorkerRegistry registry;
  private final AttemptReports reports;
  private final CheckpointService checkpoints;
  private final OrdersLongPoll longPoll;
  private final DrainService drains;

  public WorkerProtocolController(WorkerRegistry registry, AttemptReports reports, CheckpointService checkpoints,
      OrdersLongPoll longPoll, DrainService drains) {
    this.longPoll = longPoll;
    this.drains = drains;
    this.registry = registry;
    this.reports = reports;
    this.checkpoints = checkpoints;
  }

  /**
   * A worker announces itself: with the join token, or again with its own id and secret (see
   * {@link WorkerRegistry#register}).
   */
  @PostMapping("/register")
  public RegisterResponse register(@RequestBody RegisterRequest request, Authentication caller) {
    return registry.register(request, caller instanceof WorkerAuthentication w ? w.workerId() : null);
  }

  /** Liveness, progress; answers assignments and kills. */
  @PostMapping("/{workerId}/heartbeat")
  public WorkerOrders heartbeat(@PathVariable long workerId, @RequestBody Heartbeat heartbeat) {
    return registry.heartbeat(workerId, heartbeat);
  }

  /**
   * The worker's long-poll for orders: answered as soon as an attempt is placed on it that is not in
   * {@code attempts}, or one of {@code attempts} not in {@code stopping} is to be killed or vacated,
   * or with no orders after {@code waitMillis} (at most 30 s; 0 answers at once).
   */
  @PostMapping("/{workerId}/orders")
  public DeferredResult<WorkerOrders> orders(@PathVariable long workerId,
      @RequestParam(defaultValue = "0") @PositiveOrZero long waitMillis,
      @RequestBody(required = false) OrdersRequest request) {
    Set<Long> running = request == null ? Set.of() : Set.copyOf(request.attempts());
    Set<Long> stopping = request == null || request.stopping() == null ? null : Set.copyOf(request.stopping());
    return longPoll.await(workerId, running, stopping, Duration.ofMillis(waitMillis));
  }

  /**
   * The worker is shutting down (SIGTERM) and asks to be drained: it is cordoned and each of its
   * attempts checkpointed and moved elsewhere ({@link DrainService#drainForShutdown}). 202.
   */
  @PostMapping("/{workerId}/drain")
  @ResponseStatus(HttpStatus.ACCEPTED)
  public ShutdownDrainResponse drain(@PathVariable long workerId, @RequestBody ShutdownDrainRequest request) {
    return drains.drainForShutdown(workerId, request.deadlineSeconds());
  }

  /** The worker shuts down cleanly: it and its attempts are LOST at once. */
  @PostMapping("/{workerId}/deregister")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void deregister(@PathVariable long workerId) {
    registry.deregister(workerId);
  }

  /** The attempt's child JVM is up. */
  @PostMapping("/{workerId}/attempts/{attemptId}/started")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void started(@PathVariable long workerId, @PathVariable @Positive long attemptId, @RequestBody AttemptStarted started) {
    reports.started(workerId, attemptId, started);
  }

  /** Begins a checkpoint: PENDING, with its sequence number and manifest key. */
  @PostMapping("/{workerId}/attempts/{attemptId}/checkpoints")
  public CheckpointBeginResponse beginCheckpoint(@PathVariable long workerId, @PathVariable @Positive long attemptId) {
    return checkpoints.begin(workerId, attemptId);
  }

  /** The checkpoint's image is durable: COMMITTED. */
  @PutMapping("/{workerId}/attempts/{attemptId}/checkpoints/{seq}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void commitCheckpoint(
      @PathVariable long workerId, @PathVariable @Positive long attemptId, @PathVariable @Positive long seq,
      @RequestBody CheckpointCommit commit) {
    checkpoints.commit(workerId, attemptId, seq, commit);
  }

  /** The worker gave up writing the checkpoint: ABORTED. */
  @DeleteMapping("/{workerId}/attempts/{attemptId}/checkpoints/{seq}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void abortCheckpoint(@PathVariable long workerId, @PathVariable @Positive long attemptId, @PathVariable @Positive long seq,
      @RequestParam(required = false) @jakarta.validation.constraints.Size(max = 500) String reason) {
    checkpoints.abort(workerId, attemptId, seq, reason);
  }

  /** The attempt's process ended. */
  @PostMapping("/{workerId}/attempts/{attemptId}/finished")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  public void finished(@PathVariable long workerId, @PathVariable @Positive long attemptId, @RequestBody AttemptFinished finished) {
    reports.finished(workerId, attemptId, finished);
  }
}
