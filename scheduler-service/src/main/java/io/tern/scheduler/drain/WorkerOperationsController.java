package io.tern.scheduler.drain;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tern.scheduler.security.CurrentCaller;
import io.tern.scheduler.worker.WorkerView;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator actions on workers (role OPERATOR): cordon, uncordon, drain, drain status, cancel drain.
 * Every action is written to the worker's audit log ({@code GET /api/v1/workers/{id}/events}), and
 * each job a drain moves gets events in its own log.
 */
@RestController
@Tag(name = "Worker operations", description = "Cordon, uncordon and drain workers")
public class WorkerOperationsController {

  /** Body of cordon. */
  public record CordonRequest(@Size(max = 500, message = "must be at most 500 characters") String reason) {}

  private final DrainService service;
  private final DrainQueries queries;
  private final WorkerController workers;
  private final CurrentCaller caller;

  public WorkerOperationsController(
      DrainService service, DrainQueries queries, WorkerController workers, CurrentCaller caller) {
    this.service = service;
    this.queries = queries;
    this.workers = workers;
    this.caller = caller;
  }

  /** The worker takes no new work; running jobs stay. */
  @PostMapping("/api/v1/workers/{id}/cordon")
  @Operation(summary = "Cordon a worker: no new work, running jobs stay")
  public WorkerView cordon(@PathVariable @Positive(message = "must be a positive number") long id,
      @Valid @RequestBody(required = false) CordonRequest body) {
    service.cordon(id, body == null ? null : body.reason(), caller.get().owner());
    return workers.get(id);
  }

  /** The worker takes new work again (also after a completed drain). 409 while a drain is in progress. */
  @PostMapping("/api/v1/workers/{id}/uncordon")
  @Operation(summary = "Uncordon (resume) a worker: eligible for new work again")
  public WorkerView uncordon(@PathVariable @Positive(message = "must be a positive number") long id) {
    service.uncordon(id, caller.get().owner());
    return workers.get(id);
  }

  /** Starts a drain; 202 with its status. 409 when one is already in progress. */
  @PostMapping("/api/v1/workers/{id}/drain")
  @Operation(summary = "Drain a worker: cordon it and move each of its jobs elsewhere",
      description = "GRACEFUL (default): each job is checkpointed, stopped and placed elsewhere from that image, at"
          + " most maxParallelMigrations at once. IMMEDIATE: every job is stopped at once and restarts from its"
          + " latest existing image. With deadlineSeconds, jobs still on the worker at the deadline are stopped and"
          + " restart from their latest committed image. A job with nowhere to go waits QUEUED with the reason."
          + " The drained worker stays cordoned until uncordoned.")
  public ResponseEntity<DrainView> drain(@PathVariable @Positive(message = "must be a positive number") long id,
      @Valid @RequestBody(required = false) DrainRequest body) {
    service.drain(id, body == null ? new DrainRequest(null, null, null) : body, caller.get().owner());
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(queries.latestOf(id));
  }

  /** The worker's newest drain with what each job is doing and waiting for. */
  @GetMapping("/api/v1/workers/{id}/drain")
  @Operation(summary = "Status of the worker's newest drain, per job")
  public DrainView drainStatus(@PathVariable @Positive(message = "must be a positive number") long id) {
    return queries.latestOf(id);
  }

  /** Cancels the drain in progress; the worker is eligible again. */
  @DeleteMapping("/api/v1/workers/{id}/drain")
  @Operation(summary = "Cancel the drain in progress; the worker takes new work again")
  public DrainView cancelDrain(@PathVariable @Positive(message = "must be a positive number") long id) {
    service.cancelDrain(id, caller.get().owner());
    return queries.latestOf(id);
  }

  /** The newest drains of all workers (without per-job details). */
  @GetMapping("/api/v1/drains")
  @Operation(summary = "The newest 100 drains of all workers")
  public List<DrainView> drains() {
    return queries.recent();
  }
}
