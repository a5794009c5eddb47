package io.tern.scheduler.stream;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A digest of what an operator sees of the workers (every column of {@code workers} except those a
 * heartbeat touches), so the stream can say "the workers changed" without caring which columns the
 * table has: a new column (say, a drain state) is covered the day it is added.
 */
@Component
public class WorkerFingerprint {

  /** Columns that change with every heartbeat; the dashboard ages heartbeats on its own. */
  private static final Set<String> IGNORED = Set.of("last_seen_at", "version", "updated_at");

  private final JdbcClient jdbc;

  public WorkerFingerprint(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The current digest; equal digests mean nothing an operator sees has changed. */
  public int current() {
    List<Map<String, Object>> rows = jdbc.sql("SELECT * FROM workers ORDER BY id").query().listOfRows();
    int hash = 1;
    for (Map<String, Object> row : rows) {
      TreeMap<String, String> visible = new TreeMap<>();
      row.forEach(
          (column, value) -> {
            if (!IGNORED.contains(column.toLowerCase())) {
              visible.put(column.toLowerCase(), String.valueOf(value));
            }
          });
      hash = 31 * hash + visible.hashCode();
    }
    Long busy = jdbc.sql("SELECT COUNT(*) FROM attempts WHERE state IN ('PENDING', 'RUNNING')").query(Long.class).single();
    return 31 * hash + Long.hashCode(busy);
  }
}
