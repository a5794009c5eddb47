package io.tern.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Credentials of the standalone system, generated on the first start and kept in
 * {@code <data-dir>/secrets.properties} (owner read/write only) so that a restart finds its data and
 * its users keep their token: the embedded S3 server's keys, the workers' join token, the first
 * admin API token, the manifest authentication key (scheduler and workers only), and the embedded
 * database's passwords (its superuser's, used only to provision, and the scheduler's role's). The admin
 * token is also written alone to {@code <data-dir>/admin.token} (owner
 * read/write only) for scripts: {@code TOKEN=$(cat tern-data/admin.token)}. A data folder from before
 * authentication gets the missing secrets added.
 */
record StandaloneSecrets(
    String s3AccessKey, String s3SecretKey, String workerJoinToken, String adminToken, String manifestKey,
    String databaseSuperuserPassword, String databasePassword) {

  static final String FILE = "secrets.properties";
  static final String ADMIN_TOKEN_FILE = "admin.token";

  static StandaloneSecrets loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve(FILE);
    Properties props = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        props.load(in);
      }
    }
    SecureRandom random = new SecureRandom();
    boolean changed = false;
    changed |= fill(props, "s3.access-key", () -> "tern-" + hex(random, 6));
    changed |= fill(props, "s3.secret-key", () -> hex(random, 24));
    changed |= fill(props, "worker.join-token", () -> "tern_jt_" + base64(random));
    changed |= fill(props, "admin.token", () -> "tern_at_" + base64(random));
    changed |= fill(props, "storage.manifest-key", () -> base64(random));
    changed |= fill(props, "database.superuser-password", () -> hex(random, 24));
    changed |= fill(props, "database.password", () -> hex(random, 24));
    if (changed) {
      writePrivately(dataDir, FILE, out -> props.store(out,
          "Tern standalone: S3 keys, worker join token, bootstrap admin API token, manifest key,"
          + " database passwords. Keep private."));
    }
    StandaloneSecrets secrets = new StandaloneSecrets(props.getProperty("s3.access-key"),
        props.getProperty("s3.secret-key"), props.getProperty("worker.join-token"), props.getProperty("admin.token"),
        props.getProperty("storage.manifest-key"), props.getProperty("database.superuser-password"),
        props.getProperty("database.password"));
    writePrivately(dataDir, ADMIN_TOKEN_FILE,
        out -> out.write((secrets.adminToken() + "\n").getBytes(StandardCharsets.US_ASCII)));
    return secrets;
  }

  /** Never prints a secret. */
  @Override
  public String toString() {
    return "StandaloneSecrets[***]";
  }

  private static boolean fill(Properties props, String key, java.util.function.Supplier<String> value) {
    String existing = props.getProperty(key);
    if (existing != null && !existing.isBlank()) {
      return false;
    }
    props.setProperty(key, value.get());
    return true;
  }

  private interface Writer {
    void write(OutputStream out) throws IOException;
  }

  /** Writes a file that only its owner can read, atomically (a temporary file created 0600, then moved). */
  private static void writePrivately(Path dir, String name, Writer writer) throws IOException {
    Path tmp = dir.resolve(name + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(tmp)) {
      writer.write(out);
    }
    Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  private static String base64(SecureRandom random) {
    byte[] b = new byte[32];
    random.nextBytes(b);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
  }
}
