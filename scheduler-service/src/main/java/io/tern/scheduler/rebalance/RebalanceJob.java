package io.tern.scheduler.rebalance;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Quartz job that runs {@link RebalanceService#rebalanceOnce()}. Quartz runs clustered on the JDBC
 * store and the job disallows concurrent execution, so one scheduler replica runs each firing.
 */
@DisallowConcurrentExecution
public class RebalanceJob extends QuartzJobBean {

  private final RebalanceService rebalancer;

  public RebalanceJob(RebalanceService rebalancer) {
    this.rebalancer = rebalancer;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
    try {
      rebalancer.rebalanceOnce();
    } catch (RuntimeException e) {
      throw new JobExecutionException("rebalance failed: " + e.getMessage(), e, false);
    }
  }
}
