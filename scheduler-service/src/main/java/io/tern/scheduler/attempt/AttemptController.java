package io.tern.scheduler.attempt;

import io.tern.scheduler.events.JobEventView;
import io.tern.scheduler.job.JobAccess;
import io.tern.scheduler.security.CurrentCaller;
import io.tern.scheduler.worker.WorkerEntity;
import io.tern.scheduler.worker.WorkerRepository;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jakarta.validation.constraints.Positive;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/jobs/{id}/attempts}: every placement of a job, first to last. Only operators
 * see which worker ran an attempt.
 */
@RestController
public class AttemptController {

  private final JobAccess jobs;
  private final AttemptRepository attempts;
  private final WorkerRepository workers;
  private final CurrentCaller caller;

  public AttemptController(JobAccess jobs, AttemptRepository attempts, WorkerRepository workers, CurrentCaller caller) {
    this.caller = caller;
    this.jobs = jobs;
    this.attempts = attempts;
    this.workers = workers;
  }

  /** A job's attempts. */
  @GetMapping("/api/v1/jobs/{id}/attempts")
  @Transactional(readOnly = true)
  public List<AttemptView> list(@PathVariable @Positive(message = "must be a positive number") long id) {
    jobs.require(id);
    boolean operator = caller.get().seesAllJobs();
    Map<Long, String> names = workers.findAll().stream().collect(Collectors.toMap(WorkerEntity::getId, WorkerEntity::getName));
    return attempts.findByJobIdOrderByNumberAsc(id).stream()
        .map(
            a -> {
              String worker = names.get(a.getWorkerId());
              return new AttemptView(
                  a.getId(), a.getNumber(), operator ? worker : null, a.getState(), a.getDesired(),
                  a.getPlacedAt(), a.getStartedAt(), a.getEndedAt(), a.getRestoreFromSeq(), a.getRestoredFromSeq(),
                  a.getRecoveryMs(), a.getRestoreMs(), a.getRestoredBytes(), a.getExitCode(),
                  operator ? a.getError() : JobEventView.hideWorker(a.getError(), worker));
            })
        .toList();
  }
}
