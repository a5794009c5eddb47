package io.tern.scheduler.worker;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Quartz job that runs {@link WorkerLiveness#markSilentWorkersLost()}. Quartz runs clustered on the
 * JDBC store, so with several scheduler replicas one of them runs each firing.
 */
@DisallowConcurrentExecution
public class WorkerLivenessJob extends QuartzJobBean {

  private final WorkerLiveness liveness;

  public WorkerLivenessJob(WorkerLiveness liveness) {
    this.liveness = liveness;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    liveness.markSilentWorkersLost();
  }
}
