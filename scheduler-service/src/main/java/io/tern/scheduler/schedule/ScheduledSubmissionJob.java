package io.tern.scheduler.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Quartz job of one schedule: submits its template (see {@link ScheduleService#fire}). */
@DisallowConcurrentExecution
public class ScheduledSubmissionJob extends QuartzJobBean {

  private final ScheduleService schedules;

  public ScheduledSubmissionJob(ScheduleService schedules) {
    this.schedules = schedules;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) throws JobExecutionException {
    long id = context.getMergedJobDataMap().getLong(ScheduleService.SCHEDULE_ID);
    try {
      schedules.fire(id, context.getScheduledFireTime().toInstant());
    } catch (RuntimeException e) {
      throw new JobExecutionException("schedule " + id + " could not submit its job: " + e.getMessage(), e, false);
    }
  }
}
