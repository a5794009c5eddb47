package io.tern.scheduler.checkpoint;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link CheckpointCollectorJob} with Quartz, every {@code tern.checkpoints.collection-interval}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CheckpointProperties.class)
public class CheckpointCollectorSchedule {

  static final String NAME = "checkpoint-collector";
  static final String GROUP = "tern";

  @Bean
  JobDetail checkpointCollectorJobDetail() {
    return JobBuilder.newJob(CheckpointCollectorJob.class)
        .withIdentity(NAME, GROUP)
        .withDescription("Expires checkpoints out of retention and deletes unreferenced chunks")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger checkpointCollectorTrigger(JobDetail checkpointCollectorJobDetail, CheckpointProperties properties) {
    return TriggerBuilder.newTrigger()
        .forJob(checkpointCollectorJobDetail)
        .withIdentity(NAME, GROUP)
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(properties.collectionInterval().toMillis())
                .repeatForever()
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
