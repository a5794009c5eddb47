package io.tern.scheduler.schema;

import java.util.List;

/**
 * Whether a database schema, described by its Flyway history, is the one this build knows: the
 * check of a scheduler that does not migrate the schema itself ({@code tern.schema.migrate=false}).
 */
public final class SchemaCheck {

  private SchemaCheck() {}

  /**
   * The reason the schema does not fit, in one line, or {@code null} when it does.
   *
   * @param current the newest applied version, {@code null} when the database has no schema history
   * @param latestKnown the newest version among this build's migrations
   * @param pending versions of this build that the database lacks, oldest first
   * @param unknown applied versions newer than any of this build's, oldest first
   */
  public static String problem(String current, String latestKnown, List<String> pending, List<String> unknown) {
    if (current == null) {
      return "The database has no Tern schema (no Flyway schema history); this build needs schema version "
          + latestKnown + ".";
    }
    if (!unknown.isEmpty()) {
      return "The database schema is at version " + current + ", newer than this build knows (it knows up to "
          + latestKnown + "; unknown: " + String.join(", ", unknown) + "): a newer Tern migrated it.";
    }
    if (!pending.isEmpty()) {
      return "The database schema is at version " + current + ", older than this build needs (" + latestKnown
          + "; " + pending.size() + " migration(s) pending: " + String.join(", ", pending) + ").";
    }
    return null;
  }
}
