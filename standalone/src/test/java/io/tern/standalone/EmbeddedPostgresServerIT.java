package io.tern.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone's embedded PostgreSQL (real binaries) accepts only password logins, gives the
 * application a role that cannot escape the database, keeps its binaries, data and socket in the
 * private data folder, and upgrades a data folder made by an older version in place.
 */
class EmbeddedPostgresServerIT {

  private static final String SUPERUSER_PASSWORD = "super-" + "x".repeat(20);
  private static final String APP_PASSWORD = "app-" + "y".repeat(20);

  private static final String INSUFFICIENT_PRIVILEGE = "42501";

  @TempDir Path dataDir;

  @Test
  void aConnectionWithoutTheRightPasswordIsRefused() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, SUPERUSER_PASSWORD, APP_PASSWORD)) {
      String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres";
      for (String user : new String[] {"postgres", server.username()}) {
        assertThatThrownBy(() -> connect(url, user, null)).as(user + " without password").isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connect(url, user, "wrong")).as(user + " with a wrong password").isInstanceOf(SQLException.class);
      }
      try (Connection c = connect(url, "postgres", SUPERUSER_PASSWORD)) {
        assertThat(query(c, "SHOW password_encryption")).isEqualTo("scram-sha-256");
        assertThat(query(c, "SHOW listen_addresses")).isEqualTo("127.0.0.1");
        assertThat(query(c, "SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'"))
            .as("every pg_hba rule asks for a password").isEqualTo("0");
      }
      try (Connection c = connect(server.jdbcUrl(), server.username(), server.password())) {
        assertThat(query(c, "SELECT current_database()")).isEqualTo("tern");
      }
    }
  }

  @Test
  void theApplicationRoleCannotLeaveItsDatabase() throws Exception {
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, SUPERUSER_PASSWORD, APP_PASSWORD);
        Connection c = connect(server.jdbcUrl(), server.username(), server.password())) {
      assertThat(server.username()).isNotEqualTo("postgres");
      assertThat(query(c, "SELECT rolsuper::text || rolcreatedb::text || rolcreaterole::text || rolreplication::text"
          + " || rolbypassrls::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("falsefalsefalsefalsefalse");
      for (String sql : new String[] {"SELECT count(*) FROM pg_authid", "COPY (SELECT 1) TO PROGRAM 'id'",
          "SELECT pg_read_file('postgresql.conf')", "CREATE ROLE intruder SUPERUSER", "CREATE DATABASE other"}) {
        assertThatThrownBy(() -> query(c, sql)).as(sql).isInstanceOfSatisfying(SQLException.class,
            e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
      }
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE jobs (id bigint PRIMARY KEY)");
        s.execute("INSERT INTO jobs VALUES (1)");
      }
      assertThat(query(c, "SELECT count(*) FROM jobs")).as("it owns its own database").isEqualTo("1");
    }
  }

  @Test
  void binariesDataAndSocketStayInThePrivateDataFolder() throws Exception {
    Path tern = dataDir.resolve("tern-data");
    Files.createDirectories(tern, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(tern, SUPERUSER_PASSWORD, APP_PASSWORD);
        Connection c = connect("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", "postgres", SUPERUSER_PASSWORD)) {
      Path data = Path.of(query(c, "SHOW data_directory")).toRealPath();
      Path socketDir = Path.of(query(c, "SHOW unix_socket_directories")).toRealPath();
      Path binary = Files.readSymbolicLink(Path.of("/proc", query(c, "SELECT pg_backend_pid()"), "exe")).toRealPath();
      Path root = tern.toRealPath();
      for (Path p : new Path[] {data, socketDir, binary}) {
        assertThat(p).startsWith(root);
        assertThat(p.toString()).doesNotStartWith("/tmp/embedded-pg");
      }
      for (Path dir : new Path[] {data, socketDir, root.resolve(root.relativize(binary).getName(0))}) {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString()).isEqualTo("rwx------");
      }
    }
  }

  @Test
  void aDataFolderTooDeepForASocketPathStartsWithoutASocket() throws Exception {
    Path deep = dataDir.resolve("d".repeat(60)).resolve("e".repeat(40));
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(deep, SUPERUSER_PASSWORD, APP_PASSWORD);
        Connection app = connect(server.jdbcUrl(), server.username(), server.password());
        Connection admin = connect("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", "postgres", SUPERUSER_PASSWORD)) {
      assertThat(query(app, "SELECT current_database()")).isEqualTo("tern");
      assertThat(query(admin, "SHOW unix_socket_directories")).isEmpty();
    }
  }

  @Test
  void aDataFolderOfAnOlderVersionIsUpgradedInPlace() throws Exception {
    // an older standalone: initdb with trust for every local connection, the tables in database postgres
    Path pgData = dataDir.resolve("postgres");
    Files.createDirectories(pgData);
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(pgData).setCleanDataDirectory(false)
        .setServerConfig("listen_addresses", "127.0.0.1").setPGStartupWait(Duration.ofSeconds(60)).start();
        Connection c = old.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE jobs (id bigint PRIMARY KEY, name text)");
      s.execute("CREATE SEQUENCE jobs_seq");
      s.execute("INSERT INTO jobs VALUES (7, 'kept')");
      s.execute("CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY)");
    }

    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir, SUPERUSER_PASSWORD, APP_PASSWORD)) {
      try (Connection c = connect(server.jdbcUrl(), server.username(), server.password())) {
        assertThat(query(c, "SELECT name FROM jobs WHERE id = 7")).as("the old rows are there").isEqualTo("kept");
        try (Statement s = c.createStatement()) {
          s.execute("INSERT INTO jobs VALUES (nextval('jobs_seq'), 'new')");
          s.execute("ALTER TABLE jobs ADD COLUMN note text");
        }
        assertThat(query(c, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
      }
      assertThatThrownBy(() -> connect("jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres", "postgres", null))
          .as("trust is gone").isInstanceOf(SQLException.class);
    }
    try (EmbeddedPostgresServer again = EmbeddedPostgresServer.start(dataDir, SUPERUSER_PASSWORD, APP_PASSWORD);
        Connection c = connect(again.jdbcUrl(), again.username(), again.password())) {
      assertThat(query(c, "SELECT count(*) FROM jobs")).as("a second start finds the upgraded data").isEqualTo("2");
    }
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "10");
    return DriverManager.getConnection(url, props);
  }

  private static String query(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
