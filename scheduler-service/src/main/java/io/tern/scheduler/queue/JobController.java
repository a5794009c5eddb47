package io.tern.scheduler.queue;

import io.tern.scheduler.job.JobState;
import io.tern.scheduler.job.SubmitJobRequest;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.validation.constraints.Positive;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/v1/jobs}: submit, list, read and cancel jobs. */
@RestController
@RequestMapping("/api/v1/jobs")
public class JobController {

  private final JobService service;
  private final JobQueries queries;
  private final CurrentCaller caller;

  public JobController(JobService service, JobQueries queries, CurrentCaller caller) {
    this.service = service;
    this.queries = queries;
    this.caller = caller;
  }

  /** Submits a job; 201 with its Location, relative to the scheduler (the Host header is not echoed). */
  @PostMapping
  public ResponseEntity<JobView> submit(@Valid @RequestBody SubmitJobRequest request) {
    long id = service.submit(request, caller.get(), request.priority(), job -> { });
    URI location = URI.create("/api/v1/jobs/" + id);
    return ResponseEntity.created(location).body(queries.get(id));
  }

  /** Lists the jobs the caller may see, filtered, sorted and paged; newest first by default. */
  @GetMapping
  @Operation(
      summary = "List jobs",
      description = "Filters combine (AND). A SUBMITTER only ever sees its own jobs: an 'owner' other than"
          + " itself gives an empty page. Equal values are ordered by id in the same direction, so paging is"
          + " stable. Invalid parameters answer 400 application/problem+json naming the parameter.")
  public JobPage list(
      @Parameter(description = "Only jobs in this state (case-insensitive).",
          schema = @Schema(implementation = JobState.class))
      @RequestParam(required = false) @Size(max = 20, message = "is not a job state") String state,
      @Parameter(description = "Only jobs of exactly this owner; at most 200 characters.")
      @RequestParam(required = false) String owner,
      @Parameter(description = "Only jobs whose name contains this text, ignoring case; at most 200 characters.")
      @RequestParam(required = false) String name,
      @Parameter(description = "<field>,<asc|desc> (direction defaults to asc). Fields: id, name, owner, state,"
          + " type, priority, progress, worker, submittedAt, startedAt, finishedAt. Jobs without a value"
          + " (type, progress, worker, startedAt, finishedAt) count as smallest.",
          example = "submittedAt,desc")
      @RequestParam(defaultValue = "id,desc") String sort,
      @Parameter(description = "Zero-based page number.")
      @RequestParam(defaultValue = "0") int page,
      @Parameter(description = "Jobs per page, 1 to 500.")
      @RequestParam(defaultValue = "" + JobListQuery.DEFAULT_PAGE_SIZE) int size) {
    return queries.list(JobListQuery.parse(owner, name, state, sort, page, size));
  }

  /** One job. */
  @GetMapping("/{id}")
  public JobView get(@PathVariable @Positive(message = "must be a positive number") long id) {
    return queries.get(id);
  }

  /** Cancels a job the caller may see; answers the job as it is now. */
  @PostMapping("/{id}/cancel")
  public JobView cancel(@PathVariable @Positive(message = "must be a positive number") long id) {
    queries.require(id);
    service.cancel(id);
    return queries.get(id);
  }
}
