package io.tern.scheduler.rebalance;

import io.tern.scheduler.settings.OperationsProperties;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers {@link RebalanceJob} with Quartz, every {@code tern.operations.rebalance-interval}. The
 * round it asks for moves nothing while rebalancing is off ({@code rebalanceEnabled} setting).
 */
@Configuration(proxyBeanMethods = false)
public class RebalanceSchedule {

  static final String NAME = "rebalance";
  static final String GROUP = "tern";

  @Bean
  JobDetail rebalanceJobDetail() {
    return JobBuilder.newJob(RebalanceJob.class)
        .withIdentity(NAME, GROUP)
        .withDescription("Moves jobs from the busiest to the idlest workers")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger rebalanceTrigger(JobDetail rebalanceJobDetail, OperationsProperties properties) {
    return TriggerBuilder.newTrigger()
        .forJob(rebalanceJobDetail)
        .withIdentity(NAME, GROUP)
        .withSchedule(SimpleScheduleBuilder.simpleSchedule()
            .withIntervalInMilliseconds(properties.rebalanceInterval().toMillis())
            .repeatForever()
            .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
