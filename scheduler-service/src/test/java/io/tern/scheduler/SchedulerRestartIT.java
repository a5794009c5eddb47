package io.tern.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.scheduler.support.TestCredentials;
import io.tern.scheduler.support.TestDatabase;
import io.tern.testsupport.TernClient;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The scheduler is started the way the standalone launcher starts it, stopped, and started again in
 * the same JVM on the same database: nothing static survives, and the data does.
 */
class SchedulerRestartIT {

  @Test
  void aRestartedSchedulerInTheSameJvmSeesTheJobsOfTheFirstOne() {
    String url = TestDatabase.createDatabase();
    long jobId;
    try (ConfigurableApplicationContext first = start(url)) {
      TernClient api = new TernClient(port(first)).withBearer(TestCredentials.ADMIN_TOKEN);
      jobId = api.post("/api/v1/jobs", "{\"type\": \"pagerank\", \"priority\": 3}").body().path("id").asLong();
    }
    try (ConfigurableApplicationContext second = start(url)) {
      TernClient api = new TernClient(port(second)).withBearer(TestCredentials.ADMIN_TOKEN);
      var job = api.get("/api/v1/jobs/" + jobId).body();
      assertThat(job.path("state").asString()).isEqualTo("QUEUED");
      assertThat(job.path("priority").asInt()).isEqualTo(3);
      assertThat(api.get("/actuator/health").body().path("status").asString()).isEqualTo("UP");
    }
  }

  private static ConfigurableApplicationContext start(String url) {
    return new SpringApplicationBuilder(SchedulerApplication.class)
        .properties(
            Map.of(
                "spring.datasource.url", url,
                "spring.datasource.username", "postgres",
                "spring.datasource.password", "postgres",
                "server.port", "0",
                "server.address", "127.0.0.1",
                "spring.quartz.properties.org.quartz.scheduler.instanceName", "tern-restart-test",
                "tern.security.bootstrap-admin-token", TestCredentials.ADMIN_TOKEN))
        .run();
  }

  private static int port(ConfigurableApplicationContext context) {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }
}
