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
    // the scheduler's own loops (placement, drains) may hold row locks the TRUNCATE waits for: a deadlock
    // between the two is resolved by PostgreSQL aborting one of them; try again then
    for (int attempt = 1; ; attempt++) {
      try {
        jdbc.execute("TRUNCATE job_events, checkpoints, attempts, jobs, workers, drains, drain_jobs, worker_events,"
            + " operation_settings, schedules, job_artifacts, artifact_uploads, artifact_writes, artifacts"
            + " RESTART IDENTITY CASCADE");
        return;
      } catch (org.springframework.dao.PessimisticLockingFailureException e) {
        if (attempt == 5) {
          throw e;
        }
      }
    }
  }

  /**
   * Everything a request could change, as one comparable text: row counts and the sum of the
   * optimistic-lock versions of every table, the revoked tokens and the workers' secret hashes.
   */
  public String fingerprint() {
    return jdbc.queryForObject(
        "select (select count(*) || '/' || coalesce(sum(version), 0) from jobs) || ' '"
            + " || (select count(*) || '/' || coalesce(sum(version), 0) from attempts) || ' '"
            + " || (select count(*) || '/' || coalesce(sum(version), 0) from checkpoints) || ' '"
            + " || (select count(*) || '/' || coalesce(sum(version), 0) from workers) || ' '"
            + " || (select count(*) from job_events) || ' '"
            + " || (select count(*) || '/' || count(revoked_at) from api_tokens) || ' '"
            + " || (select coalesce(string_agg(secret_hash, ',' order by id), '') from workers) || ' '"
            + " || (select count(*) || '/' || coalesce(sum(version), 0) from artifact_uploads) || ' '"
            + " || (select count(*) from artifacts) || ' ' || (select count(*) from artifact_writes) || ' '"
            + " || (select count(*) from job_artifacts)",
        String.class);
  }

  /** Rows in {@code jobs}. */
  public long jobCount() {
    return jdbc.queryForObject("select count(*) from jobs", Long.class);
  }
}
