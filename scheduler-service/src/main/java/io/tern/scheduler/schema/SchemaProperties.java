package io.tern.scheduler.schema;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.schema.*} settings.
 *
 * @param migrate {@code true} (default): the scheduler applies the pending Flyway migrations of
 *     {@code db-migrations} at start; {@code false}: it only checks that the database schema is
 *     exactly the one this build knows and refuses to start otherwise (the schema is then migrated by
 *     the {@code db-migrations} image, e.g. a Helm pre-install/pre-upgrade hook, so that several
 *     replicas never race to migrate)
 */
@ConfigurationProperties("tern.schema")
public record SchemaProperties(@DefaultValue("true") boolean migrate) {}
