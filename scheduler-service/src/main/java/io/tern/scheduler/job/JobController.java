package io.tern.scheduler.job;

import io.tern.scheduler.api.InvalidRequestException;
import io.tern.scheduler.security.CurrentCaller;
import jakarta.validation.constraints.Positive;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Arrays;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** {@code /api/v1/jobs}: submit, list, read and cancel jobs. */
@RestController
@RequestMapping("/api/v1/jobs")
public class JobController {

  /** Largest page size of {@code GET /api/v1/jobs}. */
  public static final int MAX_PAGE_SIZE = 500;

  private final JobService service;
  private final JobQueries queries;
  private final CurrentCaller caller;

  public JobController(JobService service, JobQueries queries, CurrentCaller caller) {
    this.service = service;
    this.queries = queries;
    this.caller = caller;
  }

  /** Submits a job; 201 with its Location. */
  @PostMapping
  public ResponseEntity<JobView> submit(@Valid @RequestBody SubmitJobRequest request) {
    long id = service.submit(request, caller.get().owner());
    URI location = ServletUriComponentsBuilder.fromCurrentRequest().path("/{id}").buildAndExpand(id).toUri();
    return ResponseEntity.created(location).body(queries.get(id));
  }

  /** Lists jobs, newest first. */
  @GetMapping
  public JobPage list(
      @RequestParam(required = false) @jakarta.validation.constraints.Size(max = 20, message = "is not a job state") String state,
      @RequestParam(defaultValue = "0") int page,
      @RequestParam(defaultValue = "50") int size) {
    if (page < 0) {
      throw new InvalidRequestException("'page' must be 0 or more, not " + page + ".");
    }
    if (size < 1 || size > MAX_PAGE_SIZE) {
      throw new InvalidRequestException("'size' must be between 1 and " + MAX_PAGE_SIZE + ", not " + size + ".");
    }
    return queries.list(parseState(state), page, size);
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

  private static JobState parseState(String state) {
    if (state == null || state.isBlank()) {
      return null;
    }
    try {
      return JobState.valueOf(state.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "Unknown state '" + state + "'. Use one of " + Arrays.toString(JobState.values()) + ".");
    }
  }
}
