package io.tern.scheduler.rebalance;

import io.tern.scheduler.signal.RebalanceDue;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The rebalancing clock: each firing asks for a scheduling round that also rebalances ({@link
 * RebalanceDue}); the round, not this job, plans and applies the moves. Quartz runs clustered on the
 * JDBC store and the job disallows concurrent execution, so one scheduler replica runs each firing.
 */
@DisallowConcurrentExecution
public class RebalanceJob extends QuartzJobBean {

  private final ApplicationEventPublisher publisher;

  public RebalanceJob(ApplicationEventPublisher publisher) {
    this.publisher = publisher;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
    try {
      publisher.publishEvent(new RebalanceDue());
    } catch (RuntimeException e) {
      throw new JobExecutionException("rebalance failed: " + e.getMessage(), e, false);
    }
  }
}
