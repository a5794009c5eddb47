package io.tern.scheduler.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.migrations.Migrate;
import io.tern.scheduler.SchedulerApplication;
import io.tern.scheduler.support.TestCredentials;
import io.tern.scheduler.support.TestDatabase;
import io.tern.testsupport.TernClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A scheduler with {@code tern.schema.migrate=false} starts on the schema this build knows and refuses
 * a missing, older or newer one without touching it; with the default it migrates.
 */
class SchemaCheckIT {

  @Test
  void withoutMigrationTheSchedulerStartsOnTheCurrentSchema() {
    String url = TestDatabase.createDatabase();
    Migrate.migrate(url, "postgres", "postgres");
    try (ConfigurableApplicationContext scheduler = start(url, false)) {
      TernClient api = new TernClient(((WebServerApplicationContext) scheduler).getWebServer().getPort());
      assertThat(api.get("/actuator/health/readiness").body().path("status").asString()).isEqualTo("UP");
    }
  }

  @Test
  void withoutMigrationAnEmptyDatabaseIsRefusedAndLeftEmpty() throws SQLException {
    String url = TestDatabase.createDatabase();
    assertThatThrownBy(() -> start(url, false)).rootCause()
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageStartingWith("The database has no Tern schema (no Flyway schema history); this build needs schema version ");
    assertThat(tableCount(url)).isZero();
  }

  @Test
  void withoutMigrationAnOlderSchemaIsRefusedAndNotMigrated() throws SQLException {
    String url = TestDatabase.createDatabase();
    Flyway.configure().dataSource(url, "postgres", "postgres").locations(Migrate.LOCATION).target("5").load().migrate();
    assertThatThrownBy(() -> start(url, false)).rootCause()
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageMatching("The database schema is at version 5, older than this build needs \\(\\d+; \\d+ migration\\(s\\) pending: 6, 7, .*\\)\\.");
    assertThat(appliedVersions(url)).isEqualTo(5);
  }

  @Test
  void withoutMigrationANewerSchemaIsRefused() throws SQLException {
    String url = TestDatabase.createDatabase();
    Migrate.migrate(url, "postgres", "postgres");
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement()) {
      s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,"
          + " installed_by, execution_time, success) VALUES (1000, '1000', 'from a newer build', 'SQL',"
          + " 'V1000__from_a_newer_build.sql', 0, 'postgres', 1, true)");
    }
    assertThatThrownBy(() -> start(url, false)).rootCause()
        .isInstanceOf(SchemaMismatchException.class)
        .hasMessageMatching("The database schema is at version 1000, newer than this build knows \\(it knows up to \\d+;"
            + " unknown: 1000\\): a newer Tern migrated it\\.");
  }

  @Test
  void theFailureReportSaysWhatToDo() {
    var analysis = new SchemaMismatchFailureAnalyzer().analyze(new IllegalStateException(new SchemaMismatchException("why")));
    assertThat(analysis.getDescription()).isEqualTo("why");
    assertThat(analysis.getAction()).contains("tern.schema.migrate=true", "TERN_SCHEMA_MIGRATE", "io.tern.migrations.Migrate");
  }

  @Test
  void byDefaultTheSchedulerMigratesAnEmptyDatabase() throws SQLException {
    String url = TestDatabase.createDatabase();
    try (ConfigurableApplicationContext scheduler = start(url, null)) {
      assertThat(scheduler.isRunning()).isTrue();
    }
    assertThat(appliedVersions(url)).isGreaterThanOrEqualTo(10);
  }

  private static ConfigurableApplicationContext start(String url, Boolean migrate) {
    Map<String, Object> p = new HashMap<>(Map.of(
        "spring.datasource.url", url,
        "spring.datasource.username", "postgres",
        "spring.datasource.password", "postgres",
        "server.port", "0",
        "server.address", "127.0.0.1",
        "spring.main.banner-mode", "off",
        "spring.quartz.properties.org.quartz.scheduler.instanceName", "tern-schema-test-" + url.hashCode(),
        "tern.security.bootstrap-admin-token", TestCredentials.ADMIN_TOKEN));
    if (migrate != null) {
      p.put("tern.schema.migrate", migrate.toString());
    }
    return new SpringApplicationBuilder(SchedulerApplication.class).properties(p).run();
  }

  private static int tableCount(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
      r.next();
      return r.getInt(1);
    }
  }

  /** The number of successful migrations in the schema history. */
  private static int appliedVersions(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "postgres", "postgres"); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT count(*) FROM flyway_schema_history WHERE success AND version IS NOT NULL")) {
      r.next();
      return r.getInt(1);
    }
  }
}
