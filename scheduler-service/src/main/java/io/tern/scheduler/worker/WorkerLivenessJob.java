package io.tern.scheduler.worker;

import io.tern.scheduler.SchedulerProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.PersistJobDataAfterExecution;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * Quartz job that runs {@link WorkerLiveness#markSilentWorkersLost()}. Quartz runs clustered on the
 * JDBC store, so with several scheduler replicas one of them runs each firing. The job's data map
 * (persisted in the store, hence shared by the replicas) keeps the {@link DetectorWatch}: when the
 * detector has not run for a while — every replica or the database was down — or the job was just
 * (re)registered by a starting replica, workers get a grace period of one timeout before anyone is
 * declared LOST.
 */
@DisallowConcurrentExecution
@PersistJobDataAfterExecution
public class WorkerLivenessJob extends QuartzJobBean {

  static final String LAST_CHECK_AT = "lastCheckAtMillis";
  static final String WATCHING_SINCE = "watchingSinceMillis";

  private final WorkerLiveness liveness;
  private final SchedulerProperties properties;
  private final Clock clock;

  public WorkerLivenessJob(WorkerLiveness liveness, SchedulerProperties properties, Clock clock) {
    this.liveness = liveness;
    this.properties = properties;
    this.clock = clock;
  }

  @Override
  protected void executeInternal(JobExecutionContext context) {
    JobDataMap data = context.getJobDetail().getJobDataMap();
    DetectorWatch watch = new DetectorWatch(instant(data, LAST_CHECK_AT), instant(data, WATCHING_SINCE))
        .checkedAt(clock.instant(), maxGap());
    data.put(LAST_CHECK_AT, watch.lastCheckAt().toEpochMilli());
    data.put(WATCHING_SINCE, watch.watchingSince().toEpochMilli());
    liveness.markSilentWorkersLost(watch);
  }

  /** A longer pause between two checks than this means the detector was not running. */
  private Duration maxGap() {
    Duration threeChecks = properties.livenessCheckInterval().multipliedBy(3);
    Duration halfTimeout = properties.workerTimeout().dividedBy(2);
    return threeChecks.compareTo(halfTimeout) >= 0 ? threeChecks : halfTimeout;
  }

  private static Instant instant(JobDataMap data, String key) {
    return data.containsKey(key) ? Instant.ofEpochMilli(data.getLongValue(key)) : null;
  }
}
