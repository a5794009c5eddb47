package io.tern.scheduler.schema;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The scheduler's Flyway strategy, chosen by {@code tern.schema.migrate}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SchemaProperties.class)
class SchemaConfiguration {

  @Bean
  FlywayMigrationStrategy schemaStrategy(SchemaProperties properties) {
    return new SchemaStrategy(properties.migrate());
  }
}
