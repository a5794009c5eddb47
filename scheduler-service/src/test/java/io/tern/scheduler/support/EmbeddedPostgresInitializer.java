package io.tern.scheduler.support;

import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a test context at a fresh database on the shared embedded PostgreSQL (Flyway migrates it at
 * startup) and gives its Quartz scheduler a name of its own, so cached contexts do not steal each
 * other's triggers.
 */
public class EmbeddedPostgresInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    String url = TestDatabase.createDatabase();
    context
        .getEnvironment()
        .getPropertySources()
        .addFirst(
            new MapPropertySource(
                "tern-test-database",
                Map.of(
                    "spring.datasource.url", url,
                    "spring.datasource.username", "postgres",
                    "spring.datasource.password", "postgres",
                    "spring.quartz.properties.org.quartz.scheduler.instanceName",
                        "tern-test-" + UUID.randomUUID(),
                    "tern.security.bootstrap-admin-token", TestCredentials.ADMIN_TOKEN,
                    "tern.scheduler.worker-join-token", TestCredentials.JOIN_TOKEN)));
  }
}
