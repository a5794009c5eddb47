package io.tern.scheduler.queue;

import io.tern.scheduler.events.JobEventRepository;
import io.tern.scheduler.events.JobEventView;
import io.tern.scheduler.security.CurrentCaller;

import java.util.List;
import jakarta.validation.constraints.Positive;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/jobs/{id}/events}: a job's history, oldest first; worker names for operators only. */
@RestController
public class JobEventController {

  private final JobQueries jobs;
  private final JobEventRepository events;
  private final CurrentCaller caller;

  public JobEventController(JobQueries jobs, JobEventRepository events, CurrentCaller caller) {
    this.caller = caller;
    this.jobs = jobs;
    this.events = events;
  }

  /** A job's events. */
  @GetMapping("/api/v1/jobs/{id}/events")
  @Transactional(readOnly = true)
  public List<JobEventView> list(@PathVariable @Positive(message = "must be a positive number") long id) {
    jobs.require(id);
    boolean operator = caller.get().seesAllJobs();
    return events.findByJobIdOrderByIdAsc(id).stream()
        .map(e -> new JobEventView(e.getId(), e.getType(), e.getMessage(), e.getAttemptNumber(), e.getWorkerName(), e.getCreatedAt()))
        .map(v -> operator ? v : v.withoutWorker())
        .toList();
  }
}
