package io.tern.scheduler.queue;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.Map;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Hold, release, priority and migrate of one job. A SUBMITTER may hold and release its own jobs;
 * priority and migrate need OPERATOR. Each answers the job as it is now.
 */
@RestController
@Tag(name = "Job operations", description = "Hold, release, change priority, migrate")
public class JobOperationsController {

  /** Body of hold. */
  public record HoldRequest(@Size(max = 500, message = "must be at most 500 characters") String reason) {}

  /** Body of priority. */
  public record PriorityRequest(
      @NotNull(message = "is required") @Min(value = -1000, message = "must be between -1000 and 1000")
          @Max(value = 1000, message = "must be between -1000 and 1000") Integer priority) {}

  /**
   * Body of migrate; all optional.
   *
   * @param workerId move to this worker
   * @param labels move to a worker with these labels
   */
  public record MigrateRequest(
      @Positive(message = "must be a positive number") Long workerId,
      @Size(max = 20, message = "may have at most 20 entries") Map<String, String> labels,
      @Size(max = 500, message = "must be at most 500 characters") String reason) {}

  private final JobOperations operations;
  private final JobQueries queries;
  private final CurrentCaller caller;

  public JobOperationsController(JobOperations operations, JobQueries queries, CurrentCaller caller) {
    this.operations = operations;
    this.queries = queries;
    this.caller = caller;
  }

  /** Holds the job: QUEUED → HELD; RUNNING → checkpointed, stopped, then HELD. */
  @PostMapping("/api/v1/jobs/{id}/hold")
  @Operation(summary = "Hold a job (a running one is checkpointed and stopped first)")
  public JobView hold(@PathVariable @Positive(message = "must be a positive number") long id,
      @Valid @RequestBody(required = false) HoldRequest body) {
    queries.require(id);
    operations.hold(id, body == null ? null : body.reason(), caller.get().owner());
    return queries.get(id);
  }

  /** Releases a held job: QUEUED again, it restarts from its latest checkpoint. */
  @PostMapping("/api/v1/jobs/{id}/release")
  @Operation(summary = "Release a held job (it resumes from its latest checkpoint)")
  public JobView release(@PathVariable @Positive(message = "must be a positive number") long id) {
    queries.require(id);
    operations.release(id, caller.get().owner());
    return queries.get(id);
  }

  /** Changes the job's priority (OPERATOR). */
  @PostMapping("/api/v1/jobs/{id}/priority")
  @Operation(summary = "Change a job's priority (OPERATOR)")
  public JobView priority(@PathVariable @Positive(message = "must be a positive number") long id,
      @Valid @RequestBody PriorityRequest body) {
    queries.require(id);
    operations.changePriority(id, body.priority(), caller.get().owner());
    return queries.get(id);
  }

  /** Moves a running job (OPERATOR): checkpoint, stop, place again from that image. */
  @PostMapping("/api/v1/jobs/{id}/migrate")
  @Operation(summary = "Migrate a running job, optionally to a worker or a worker label (OPERATOR)")
  public JobView migrate(@PathVariable @Positive(message = "must be a positive number") long id,
      @Valid @RequestBody(required = false) MigrateRequest body) {
    queries.require(id);
    MigrateRequest m = body == null ? new MigrateRequest(null, null, null) : body;
    operations.migrate(id, m.workerId(), m.labels(), m.reason(), caller.get().owner());
    return queries.get(id);
  }
}
