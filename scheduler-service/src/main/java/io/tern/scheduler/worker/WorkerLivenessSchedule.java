package io.tern.scheduler.worker;

import io.tern.scheduler.SchedulerProperties;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link WorkerLivenessJob} with Quartz, every {@code tern.scheduler.liveness-check-interval}. */
@Configuration(proxyBeanMethods = false)
public class WorkerLivenessSchedule {

  static final String NAME = "worker-liveness";
  static final String GROUP = "tern";

  @Bean
  JobDetail workerLivenessJobDetail() {
    return JobBuilder.newJob(WorkerLivenessJob.class)
        .withIdentity(NAME, GROUP)
        .withDescription("Marks silent workers LOST and requeues their jobs")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger workerLivenessTrigger(JobDetail workerLivenessJobDetail, SchedulerProperties properties) {
    return TriggerBuilder.newTrigger()
        .forJob(workerLivenessJobDetail)
        .withIdentity(NAME, GROUP)
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(properties.livenessCheckInterval().toMillis())
                .repeatForever()
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
