package io.tern.scheduler.support;

import org.springframework.jdbc.core.JdbcTemplate;

/** Test-side reads and resets of the scheduler's tables. */
public final class Tables {

  private final JdbcTemplate jdbc;

  public Tables(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  /** Empties every scheduler table, so a test starts with no workers and no jobs. */
  public void clear() {
    jdbc.execute("TRUNCATE job_events, checkpoints, attempts, jobs, workers RESTART IDENTITY CASCADE");
  }

  /** Rows in {@code jobs}. */
  public long jobCount() {
    return jdbc.queryForObject("select count(*) from jobs", Long.class);
  }
}
