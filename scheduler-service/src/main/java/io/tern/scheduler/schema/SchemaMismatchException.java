package io.tern.scheduler.schema;

/** The database schema is not the one this build knows, and the scheduler may not migrate it. */
public class SchemaMismatchException extends RuntimeException {

  /** @param message the one-line reason */
  public SchemaMismatchException(String message) {
    super(message);
  }
}
