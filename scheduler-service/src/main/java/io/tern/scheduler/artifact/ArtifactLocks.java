package io.tern.scheduler.artifact;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * The per-artifact lock (a PostgreSQL advisory lock on {@code hashtext('artifact:' || sha256)}) held
 * across a deletion: its transaction and the DELETE of the manifest that follows it. Uploads take the
 * same lock (exclusively) in the transactions that begin and finish them, submissions share it, so an
 * upload of the same bytes never begins between a deletion's commit and its DELETE in storage (ADR
 * 0008). A session lock on a connection of its own; it ends with the connection if the scheduler dies.
 */
@Component
public class ArtifactLocks {

  private final DataSource dataSource;

  public ArtifactLocks(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /** Work done while holding an artifact's lock. */
  @FunctionalInterface
  public interface Locked<T> {
    T run() throws java.io.IOException;
  }

  /** Runs {@code work} holding the lock of {@code sha256}, waiting for it first. */
  public <T> T withLock(String sha256, Locked<T> work) throws java.io.IOException {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(true);
      call(connection, "select pg_advisory_lock(hashtext(?))", sha256);
      try {
        return work.run();
      } finally {
        call(connection, "select pg_advisory_unlock(hashtext(?))", sha256);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("artifact lock for " + sha256 + " failed: " + e.getMessage(), e);
    }
  }

  private static void call(Connection connection, String sql, String sha256) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      statement.setString(1, "artifact:" + sha256);
      statement.execute();
    }
  }
}
