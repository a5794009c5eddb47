package io.tern.scheduler;

import io.tern.scheduler.config.SchedulerProperties;
import io.tern.scheduler.job.JobCatalogProperties;
import io.tern.scheduler.job.RetryPolicy;
import java.time.Clock;
import java.util.Random;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The Tern scheduler: REST API, worker protocol, placement and failure detection. Started on its
 * own ({@code main}) or by the standalone launcher through {@code SpringApplicationBuilder}; holds
 * no static state, so several contexts can live one after another in one JVM.
 */
@SpringBootApplication
@EnableConfigurationProperties({SchedulerProperties.class, JobCatalogProperties.class})
public class SchedulerApplication {

  /** Starts the scheduler. */
  public static void main(String[] args) {
    SpringApplication.run(SchedulerApplication.class, args);
  }

  /** The time source of the whole scheduler (replace it in tests). */
  @Bean
  @ConditionalOnMissingBean
  Clock clock() {
    return Clock.systemUTC();
  }

  /** Retry backoff with jitter. */
  @Bean
  @ConditionalOnMissingBean
  RetryPolicy retryPolicy() {
    return new RetryPolicy(new Random());
  }
}
