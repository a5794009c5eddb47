package io.tern.webui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;

/**
 * Fills the standalone system's database with finished jobs (and their events) straight over JDBC,
 * to see how the dashboard copes with a long history. Finished jobs are never placed, so the
 * running system is not disturbed.
 */
final class BulkJobs {

  private BulkJobs() {}

  /** Inserts {@code count} finished jobs of three owners, each with a SUBMITTED and a final event spread over the last 30 minutes. */
  static void insert(Path dataDir, int count) throws IOException, SQLException {
    try (Connection c = connect(dataDir);
        Statement s = c.createStatement()) {
      s.execute(
          """
          INSERT INTO jobs (name, type, entry_class, parameters, slots, memory_mb, checkpoint_interval_seconds, max_retries,
                            priority, state, owner, submitted_at, started_at, finished_at, progress, step)
          SELECT 'batch-' || g, 'pi', 'io.tern.examples.MonteCarloPiJob', '{"samples": "1000000"}'::jsonb, 1, 256, 30, 3, 0,
                 (ARRAY['COMPLETED', 'COMPLETED', 'COMPLETED', 'FAILED', 'CANCELLED'])[1 + mod(g, 5)],
                 (ARRAY['alice', 'bob', 'admin'])[1 + mod(g, 3)],
                 now() - (interval '1 second' * (1800 - (g * 1800 / %1$d))) - interval '20 seconds',
                 now() - (interval '1 second' * (1800 - (g * 1800 / %1$d))) - interval '15 seconds',
                 now() - (interval '1 second' * (1800 - (g * 1800 / %1$d))), 1.0, 100
          FROM generate_series(1, %1$d) AS g
          """.formatted(count));
      s.execute(
          """
          INSERT INTO job_events (job_id, type, message, created_at)
          SELECT id, 'SUBMITTED', 'submitted by ' || owner, submitted_at FROM jobs WHERE name LIKE 'batch-%'
          UNION ALL
          SELECT id, CASE state WHEN 'COMPLETED' THEN 'COMPLETED' WHEN 'FAILED' THEN 'FAILED' ELSE 'CANCELLED' END,
                 'finished', finished_at FROM jobs WHERE name LIKE 'batch-%'
          UNION ALL
          SELECT id, 'CHECKPOINT_COMMITTED', 'checkpoint 1 committed', started_at + interval '3 seconds' FROM jobs WHERE name LIKE 'batch-%'
          """);
    }
  }

  /** Rows in {@code jobs}. */
  static long count(Path dataDir) throws IOException, SQLException {
    try (Connection c = connect(dataDir);
        Statement s = c.createStatement();
        var rs = s.executeQuery("SELECT count(*) FROM jobs")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Connects as the scheduler does: role and database {@code tern}, with the password the standalone
   * keeps in its secrets file. The embedded PostgreSQL's port is on line 4 of postmaster.pid.
   */
  private static Connection connect(Path dataDir) throws IOException, SQLException {
    List<String> pid = Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"));
    Properties secrets = new Properties();
    try (var in = Files.newInputStream(dataDir.resolve("secrets.properties"))) {
      secrets.load(in);
    }
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/tern", "tern",
        secrets.getProperty("database.password"));
  }
}
