package io.tern.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrateIT {

  private static EmbeddedPostgres postgres;
  private static String url;

  @BeforeAll
  static void startPostgresAndMigrate() throws Exception {
    postgres = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
    url = postgres.getJdbcUrl("postgres", "postgres");
    MigrateResult result = Migrate.migrate(url, "postgres", "postgres");
    assertThat(result.success).isTrue();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void createsSchedulerAndQuartzTables() throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select table_name from information_schema.tables where table_schema = 'public'")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    assertThat(tables)
        .contains("workers", "jobs", "attempts", "checkpoints", "job_events", "api_tokens")
        .contains("qrtz_job_details", "qrtz_triggers", "qrtz_simple_triggers", "qrtz_locks",
            "qrtz_fired_triggers", "qrtz_scheduler_state");
  }

  @Test
  void migratingTwiceAppliesNothingNew() {
    MigrateResult again = Migrate.migrate(url, "postgres", "postgres");
    assertThat(again.migrationsExecuted).isZero();
  }

  @Test
  void rejectsAJobInAnUnknownState() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "insert into jobs (name, entry_class, slots, memory_mb,"
                          + " checkpoint_interval_seconds, max_retries, state, submitted_at, owner)"
                          + " values ('j', 'a.B', 1, 512, 30, 3, 'PAUSED', now(), 'alice')"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("jobs_state_check");
      int inserted =
          s.executeUpdate(
              "insert into jobs (name, entry_class, slots, memory_mb,"
                  + " checkpoint_interval_seconds, max_retries, state, submitted_at, owner)"
                  + " values ('j', 'a.B', 1, 512, 30, 3, 'QUEUED', now(), 'alice')");
      assertThat(inserted).isEqualTo(1);
    }
  }

  @Test
  void rejectsAnAttemptInAnUnknownState() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate(
          "insert into workers (name, state, slots, memory_mb, registered_at, last_seen_at)"
              + " values ('w-check', 'ACTIVE', 2, 4096, now(), now())");
      s.executeUpdate(
          "insert into jobs (name, entry_class, slots, memory_mb,"
              + " checkpoint_interval_seconds, max_retries, state, submitted_at, owner)"
              + " values ('a', 'a.B', 1, 512, 30, 3, 'RUNNING', now(), 'alice')");
      assertThatThrownBy(
              () ->
                  s.executeUpdate(
                      "insert into attempts (job_id, number, worker_id, state, desired, slots,"
                          + " memory_mb, placed_at) select max(j.id), 1, max(w.id), 'ZOMBIE', 'RUN',"
                          + " 1, 512, now() from jobs j, workers w"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("attempts_state_check");
    }
  }

  @Test
  void refusesTwoTokensWithTheSameHashAndAnUnknownRole() throws SQLException {
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      String hash = "a".repeat(64);
      s.executeUpdate(
          "insert into api_tokens (name, role, owner, token_hash, created_at)"
              + " values ('ci', 'SUBMITTER', 'ci', '" + hash + "', now())");
      assertThatThrownBy(
              () -> s.executeUpdate(
                  "insert into api_tokens (name, role, owner, token_hash, created_at)"
                      + " values ('ci2', 'SUBMITTER', 'ci', '" + hash + "', now())"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("api_tokens_hash_unique");
      assertThatThrownBy(
              () -> s.executeUpdate(
                  "insert into api_tokens (name, role, owner, token_hash, created_at)"
                      + " values ('root', 'ROOT', 'x', '" + "b".repeat(64) + "', now())"))
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("api_tokens_role_check");
    }
  }
}
