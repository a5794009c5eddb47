package io.tern.scheduler.job;

import io.tern.scheduler.api.NotFoundException;
import io.tern.scheduler.security.Caller;
import io.tern.scheduler.security.CurrentCaller;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Finds a job as the current caller may see it: a submitter sees only its own jobs, and another
 * owner's job is "not found" to it, exactly like a job that does not exist. Every endpoint under
 * {@code /api/v1/jobs/{id}} goes through here first.
 */
@Component
public class JobAccess {

  private final JobRepository jobs;
  private final CurrentCaller caller;

  public JobAccess(JobRepository jobs, CurrentCaller caller) {
    this.jobs = jobs;
    this.caller = caller;
  }

  /**
   * The job, if the current caller may see it; throws {@link NotFoundException} when it does not
   * exist or belongs to someone the caller may not see (the two are indistinguishable).
   */
  @Transactional(readOnly = true)
  public JobEntity require(long id) {
    Caller who = caller.get();
    return jobs.findById(id).filter(j -> who.maySee(j.getOwner())).orElseThrow(() -> new NotFoundException("Job", id));
  }
}
