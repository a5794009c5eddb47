package io.tern.scheduler.schema;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link SchemaMismatchException} into Spring Boot's start-up failure report: the reason and what to do. */
public class SchemaMismatchFailureAnalyzer extends AbstractFailureAnalyzer<SchemaMismatchException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, SchemaMismatchException cause) {
    return new FailureAnalysis(cause.getMessage(),
        "Migrate the database with this version's db-migrations (image tern-migrations, main class"
            + " io.tern.migrations.Migrate), or let the scheduler migrate it itself with tern.schema.migrate=true"
            + " (TERN_SCHEMA_MIGRATE=true).",
        cause);
  }
}
