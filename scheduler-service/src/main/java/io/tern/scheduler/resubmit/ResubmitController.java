package io.tern.scheduler.resubmit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.queue.JobQueries;
import io.tern.scheduler.queue.JobView;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Resubmit from a checkpoint: a new job (owned by the caller) starts from a retained checkpoint of a
 * job the caller may see — a SUBMITTER only from its own jobs.
 */
@RestController
@Tag(name = "Resubmit", description = "Create a job from any retained checkpoint of another job")
public class ResubmitController {

  private final ResubmitService service;
  private final JobQueries queries;
  private final CurrentCaller caller;

  public ResubmitController(ResubmitService service, JobQueries queries, CurrentCaller caller) {
    this.service = service;
    this.queries = queries;
    this.caller = caller;
  }

  /** Resubmits from {@code checkpointSeq} of {@code fromJobId}; 201 with the new job. */
  @PostMapping("/api/v1/jobs/resubmit")
  @Operation(summary = "Create a job from a retained checkpoint of another job",
      description = "The new job records its origin (job + checkpoint); its first attempt restores that image."
          + " Overrides change name, parameters (merged), resources, priority, retries, checkpoint interval,"
          + " retention or constraints; 'artifacts' (with 'entryClass') runs the new job from other jars, which"
          + " its origin records beside the source's.")
  public ResponseEntity<JobView> resubmit(@Valid @RequestBody ResubmitRequest request) {
    if (request.fromJobId() == null) {
      throw new InvalidRequestException("'fromJobId' is required.");
    }
    return create(request.fromJobId(), request);
  }

  /** Resubmits from {@code checkpointSeq} of job {@code id}; 201 with the new job. */
  @PostMapping("/api/v1/jobs/{id}/resubmit")
  @Operation(summary = "Create a job from a retained checkpoint of this job")
  public ResponseEntity<JobView> resubmitFrom(@PathVariable @Positive(message = "must be a positive number") long id,
      @Valid @RequestBody ResubmitRequest request) {
    if (request.fromJobId() != null && request.fromJobId() != id) {
      throw new InvalidRequestException("'fromJobId' must be omitted or equal to the job in the path (" + id + ").");
    }
    return create(id, request);
  }

  private ResponseEntity<JobView> create(long fromJobId, ResubmitRequest request) {
    queries.require(fromJobId);
    long id = service.resubmit(fromJobId, request.checkpointSeq(), request.overrides(), caller.get());
    URI location = URI.create("/api/v1/jobs/" + id);
    return ResponseEntity.created(location).body(queries.get(id));
  }
}
