package io.tern.scheduler.schema;

import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.flywaydb.core.api.MigrationState;
import org.flywaydb.core.api.output.ValidateResult;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;

/**
 * What Flyway does when the scheduler starts: migrate ({@code tern.schema.migrate=true}), or check
 * the schema and refuse to start with a {@link SchemaMismatchException} when it is missing, older or
 * newer than this build's migrations, or when an applied migration differs from this build's.
 */
public final class SchemaStrategy implements FlywayMigrationStrategy {

  private final boolean migrate;

  /** @param migrate whether the scheduler migrates the schema itself */
  public SchemaStrategy(boolean migrate) {
    this.migrate = migrate;
  }

  @Override
  public void migrate(Flyway flyway) {
    if (migrate) {
      flyway.migrate();
      return;
    }
    MigrationInfoService info = flyway.info();
    MigrationInfo current = info.current();
    String latestKnown = Arrays.stream(info.all())
        .filter(m -> m.getState().isResolved() && m.getVersion() != null)
        .map(MigrationInfo::getVersion)
        .max(Comparable::compareTo)
        .map(Object::toString)
        .orElse("none");
    List<String> pending = Arrays.stream(info.pending()).map(m -> m.getVersion().toString()).toList();
    List<String> unknown = Arrays.stream(info.applied())
        .filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS || m.getState() == MigrationState.FUTURE_FAILED)
        .map(m -> m.getVersion().toString())
        .toList();
    String problem = SchemaCheck.problem(current == null ? null : current.getVersion().toString(), latestKnown,
        pending, unknown);
    if (problem != null) {
      throw new SchemaMismatchException(problem);
    }
    ValidateResult result = flyway.validateWithResult();
    if (!result.validationSuccessful) {
      throw new SchemaMismatchException("The database schema at version " + current.getVersion()
          + " differs from this build's migrations: " + result.getAllErrorMessages().replaceAll("\\s+", " ").trim());
    }
  }
}
