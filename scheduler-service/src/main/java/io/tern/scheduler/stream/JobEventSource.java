package io.tern.scheduler.stream;

import io.tern.scheduler.security.Caller;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads {@code job_events} with the owner, name and state of each event's job, straight from the
 * table every scheduler replica writes to, so a stream served by one replica also carries what the
 * others recorded.
 */
@Component
public class JobEventSource {

  private static final String SELECT =
      "SELECT e.id, e.job_id, j.name, j.owner, j.state, e.type, e.message, e.attempt_number, e.worker_name,"
          + " e.created_at FROM job_events e JOIN jobs j ON j.id = e.job_id ";

  private final JdbcClient jdbc;

  public JobEventSource(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The highest event id, 0 when there is none. */
  public long latestId() {
    return jdbc.sql("SELECT COALESCE(MAX(id), 0) FROM job_events").query(Long.class).single();
  }

  /** Up to {@code limit} events with an id above {@code afterId}, oldest first. */
  public List<StreamEvent> after(long afterId, int limit) {
    return jdbc.sql(SELECT + "WHERE e.id > ? ORDER BY e.id LIMIT ?").params(afterId, limit).query(this::map).list();
  }

  /** Events with an id in {@code range} (exclusive lower, inclusive upper), oldest first, at most {@code limit}. */
  public List<StreamEvent> between(long afterId, long upToId, int limit) {
    return jdbc.sql(SELECT + "WHERE e.id > ? AND e.id <= ? ORDER BY e.id LIMIT ?")
        .params(afterId, upToId, limit)
        .query(this::map)
        .list();
  }

  /** The events with these ids (those that exist), oldest first. */
  public List<StreamEvent> withIds(Collection<Long> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    return jdbc.sql(SELECT + "WHERE e.id = ANY(?) ORDER BY e.id")
        .param(ids.toArray(Long[]::new))
        .query(this::map)
        .list();
  }

  /** The newest {@code limit} events {@code caller} may see, newest first (worker names for operators only). */
  public List<StreamEvent> recent(Caller caller, int limit) {
    if (caller.seesAllJobs()) {
      return jdbc.sql(SELECT + "ORDER BY e.id DESC LIMIT ?").param(limit).query(this::map).list();
    }
    return jdbc.sql(SELECT + "WHERE j.owner = ? ORDER BY e.id DESC LIMIT ?")
        .params(caller.owner(), limit)
        .query(this::map)
        .list().stream().map(StreamEvent::withoutWorker).toList();
  }

  /**
   * How many jobs finished (COMPLETED, FAILED, CANCELLED events) and how many checkpoints were
   * committed in each {@code bucket} since {@code since}, among the jobs {@code caller} may see.
   */
  public List<TimelineBucket> timeline(Caller caller, Instant since, Duration bucket) {
    long seconds = Math.max(1, bucket.toSeconds());
    String owner = caller.seesAllJobs() ? "" : " AND j.owner = :owner";
    String sql =
        "SELECT floor(extract(epoch FROM e.created_at) / :bucket) * :bucket AS start,"
            + " count(*) FILTER (WHERE e.type = 'COMPLETED') AS completed,"
            + " count(*) FILTER (WHERE e.type IN ('FAILED', 'CANCELLED')) AS failed,"
            + " count(*) FILTER (WHERE e.type = 'CHECKPOINT_COMMITTED') AS checkpoints"
            + " FROM job_events e JOIN jobs j ON j.id = e.job_id"
            + " WHERE e.created_at >= :since AND e.type IN ('COMPLETED', 'FAILED', 'CANCELLED', 'CHECKPOINT_COMMITTED')"
            + owner
            + " GROUP BY 1 ORDER BY 1";
    JdbcClient.StatementSpec spec =
        jdbc.sql(sql).param("bucket", seconds).param("since", Timestamp.from(since));
    if (!caller.seesAllJobs()) {
      spec = spec.param("owner", caller.owner());
    }
    List<TimelineBucket> buckets = new ArrayList<>();
    spec.query(
            (rs, n) ->
                new TimelineBucket(
                    Instant.ofEpochSecond(rs.getLong("start")), rs.getLong("completed"), rs.getLong("failed"),
                    rs.getLong("checkpoints")))
        .list()
        .forEach(buckets::add);
    return buckets;
  }

  private StreamEvent map(ResultSet rs, int row) throws SQLException {
    Timestamp at = rs.getTimestamp("created_at");
    int attempt = rs.getInt("attempt_number");
    Integer attemptNumber = rs.wasNull() ? null : attempt;
    return new StreamEvent(
        rs.getLong("id"),
        rs.getLong("job_id"),
        rs.getString("name"),
        rs.getString("owner"),
        rs.getString("state"),
        rs.getString("type"),
        rs.getString("message"),
        attemptNumber,
        rs.getString("worker_name"),
        at == null ? null : at.toInstant());
  }
}
