package io.tern.scheduler.checkpoint;

import java.io.IOException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Quartz job that runs {@link CheckpointCollector#collect()}. Quartz runs clustered on the JDBC store,
 * and the job disallows concurrent execution, so one scheduler replica runs each firing.
 */
@DisallowConcurrentExecution
public class CheckpointCollectorJob extends QuartzJobBean {

  private final CheckpointCollector collector;

  public CheckpointCollectorJob(CheckpointCollector collector) {
    this.collector = collector;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
    try {
      collector.collect();
    } catch (IOException | RuntimeException e) {
      // The next firing tries again; nothing was deleted that is still needed.
      throw new JobExecutionException("checkpoint collection failed: " + e.getMessage(), e, false);
    }
  }
}
