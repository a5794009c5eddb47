package io.tern.migrations;

import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies the scheduler schema (including the Quartz tables) to a PostgreSQL database and exits.
 * Meant for a Helm pre-install/pre-upgrade hook:
 *
 * <pre>
 * java -cp db-migrations.jar:... io.tern.migrations.Migrate jdbc:postgresql://db/tern tern secret
 * </pre>
 *
 * <p>The JDBC URL, user and password come from the arguments, or else from the environment
 * variables {@code TERN_DB_URL}, {@code TERN_DB_USER} and {@code TERN_DB_PASSWORD}. Exit code 0 on
 * success, 2 on missing settings, 1 when the migration fails.
 */
public final class Migrate {

  /** Classpath location of the SQL migrations in this module. */
  public static final String LOCATION = "classpath:db/migration";

  private Migrate() {}

  /**
   * Runs the migrations.
   *
   * @param args optional {@code <jdbc-url> [<user> [<password>]]}
   */
  public static void main(String[] args) {
    Settings settings = Settings.from(args, System.getenv());
    if (settings.url() == null || settings.url().isBlank()) {
      System.err.println(
          "No database given. Usage: Migrate <jdbc-url> [<user> [<password>]]"
              + " or set TERN_DB_URL, TERN_DB_USER, TERN_DB_PASSWORD.");
      System.exit(2);
      return;
    }
    try {
      MigrateResult result = migrate(settings.url(), settings.user(), settings.password());
      System.out.printf(
          "Schema migrated: %d migration(s) applied, now at version %s%n",
          result.migrationsExecuted, result.targetSchemaVersion);
    } catch (RuntimeException e) {
      System.err.println("Migration failed: " + e.getMessage());
      System.exit(1);
    }
  }

  /**
   * Migrates the database at {@code url} to the latest schema version.
   *
   * @return Flyway's summary of what was applied
   */
  public static MigrateResult migrate(String url, String user, String password) {
    return Flyway.configure()
        .dataSource(url, user, password)
        .locations(LOCATION)
        .load()
        .migrate();
  }

  /** Connection settings taken from arguments first, then the environment. */
  record Settings(String url, String user, String password) {

    static Settings from(String[] args, Map<String, String> env) {
      return new Settings(
          pick(args, 0, env, "TERN_DB_URL"),
          pick(args, 1, env, "TERN_DB_USER"),
          pick(args, 2, env, "TERN_DB_PASSWORD"));
    }

    private static String pick(String[] args, int index, Map<String, String> env, String name) {
      return args.length > index ? args[index] : env.get(name);
    }
  }
}
