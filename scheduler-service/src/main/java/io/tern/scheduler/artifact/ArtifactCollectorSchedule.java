package io.tern.scheduler.artifact;

import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers {@link ArtifactCollectorJob} with Quartz, every {@code tern.artifacts.collection-interval}. */
@Configuration(proxyBeanMethods = false)
public class ArtifactCollectorSchedule {

  static final String NAME = "artifact-collector";
  static final String GROUP = "tern";

  @Bean
  JobDetail artifactCollectorJobDetail() {
    return JobBuilder.newJob(ArtifactCollectorJob.class)
        .withIdentity(NAME, GROUP)
        .withDescription("Deletes artifacts no job, retained checkpoint or pin uses")
        .storeDurably()
        .build();
  }

  @Bean
  Trigger artifactCollectorTrigger(JobDetail artifactCollectorJobDetail, ArtifactProperties properties) {
    return TriggerBuilder.newTrigger()
        .forJob(artifactCollectorJobDetail)
        .withIdentity(NAME, GROUP)
        .withSchedule(
            SimpleScheduleBuilder.simpleSchedule()
                .withIntervalInMilliseconds(properties.collectionInterval().toMillis())
                .repeatForever()
                .withMisfireHandlingInstructionNextWithRemainingCount())
        .build();
  }
}
