package io.tern.scheduler.artifact;

import java.io.IOException;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Quartz job that runs {@link ArtifactCollector#collect()}. Quartz runs clustered on the JDBC store and
 * the job disallows concurrent execution, so one scheduler replica runs each firing.
 */
@DisallowConcurrentExecution
public class ArtifactCollectorJob extends QuartzJobBean {

  private final ArtifactCollector collector;

  public ArtifactCollectorJob(ArtifactCollector collector) {
    this.collector = collector;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
    try {
      collector.collect();
    } catch (IOException | RuntimeException e) {
      // the next firing tries again; nothing still needed was deleted
      throw new JobExecutionException("artifact collection failed: " + e.getMessage(), e, false);
    }
  }
}
