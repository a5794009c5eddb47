package io.tern.standalone;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/**
 * Credentials of the embedded services, generated on the first start and kept in
 * {@code <data-dir>/secrets.properties} (owner read/write only) so that a restart finds its data.
 */
record StandaloneSecrets(String s3AccessKey, String s3SecretKey) {

  static StandaloneSecrets loadOrCreate(Path dataDir) throws IOException {
    Path file = dataDir.resolve("secrets.properties");
    Properties props = new Properties();
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        props.load(in);
      }
      return new StandaloneSecrets(props.getProperty("s3.access-key"), props.getProperty("s3.secret-key"));
    }
    SecureRandom random = new SecureRandom();
    StandaloneSecrets secrets = new StandaloneSecrets("tern-" + hex(random, 6), hex(random, 24));
    props.setProperty("s3.access-key", secrets.s3AccessKey());
    props.setProperty("s3.secret-key", secrets.s3SecretKey());
    Path tmp = dataDir.resolve("secrets.properties.tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try (OutputStream out = Files.newOutputStream(tmp)) {
      props.store(out, "Tern standalone: credentials of the embedded S3 server. Keep private.");
    }
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    return secrets;
  }

  private static String hex(SecureRandom random, int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
