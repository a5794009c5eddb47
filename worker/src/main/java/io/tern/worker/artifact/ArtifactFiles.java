package io.tern.worker.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * The files of the artifact cache: {@code <hex>.jar}, read-only (0444), written only by
 * {@link #download} through a private temporary file ({@code <hex>.<random>.part}, 0600) that is
 * hashed and counted as it is written, checked, flushed to disk and then renamed into place; so a
 * {@code <hex>.jar} is always complete. Its folder is the worker's alone (0700).
 */
final class ArtifactFiles {

  static final String JAR_SUFFIX = ".jar";
  static final String PART_SUFFIX = ".part";

  private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> READ_ONLY = PosixFilePermissions.fromString("r--r--r--");
  private static final int BUFFER_BYTES = 256 * 1024;

  private final Path dir;

  ArtifactFiles(Path dir) {
    this.dir = dir;
  }

  Path dir() {
    return dir;
  }

  /** Creates the folder (0700) when missing, and makes an existing one 0700. */
  void createDir() throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
    }
    Files.setPosixFilePermissions(dir, PRIVATE_DIR); // the umask may have removed bits; an old folder may have more
  }

  /** Where the artifact {@code hex} is kept. */
  Path jarOf(String hex) {
    return dir.resolve(hex + JAR_SUFFIX);
  }

  /** The hex digest named by a cached jar's file name, or null when {@code fileName} is no such name. */
  static String hexOf(String fileName) {
    if (fileName.length() == 64 + JAR_SUFFIX.length() && fileName.endsWith(JAR_SUFFIX)) {
      String hex = fileName.substring(0, 64);
      return hex.matches("[0-9a-f]{64}") ? hex : null;
    }
    return null;
  }

  /**
   * Streams {@code in} into a temporary file, then makes it {@code <hex>.jar} if and only if it holds
   * exactly {@code size} bytes whose SHA-256 is {@code hex}; otherwise the temporary file is deleted.
   *
   * @throws IOException when reading fails, or naming how the content differs from what was expected
   */
  Path download(String hex, long size, InputStream in) throws IOException {
    Path part = Files.createTempFile(dir, hex + ".", PART_SUFFIX, PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
    try {
      MessageDigest sha256 = sha256();
      long bytes = 0;
      try (FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
        byte[] buffer = new byte[BUFFER_BYTES];
        int n;
        while ((n = in.read(buffer)) >= 0) {
          bytes += n;
          if (bytes > size) {
            throw new IOException("the download is longer than the artifact's " + size + " bytes");
          }
          sha256.update(buffer, 0, n);
          ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
          while (chunk.hasRemaining()) {
            out.write(chunk);
          }
        }
        if (bytes != size) {
          throw new IOException("the download ended after " + bytes + " of the artifact's " + size + " bytes");
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (!actual.equals(hex)) {
          throw new IOException("the downloaded bytes have SHA-256 " + actual + ", not the artifact's digest");
        }
        out.force(true);
      }
      Files.setPosixFilePermissions(part, READ_ONLY);
      Path jar = jarOf(hex);
      Files.move(part, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      syncDir();
      return jar;
    } finally {
      Files.deleteIfExists(part);
    }
  }

  /**
   * Whether the cached {@code <hex>.jar} still holds exactly {@code size} bytes whose SHA-256 is
   * {@code hex} (and is a read-only regular file); empty when it does, else what is wrong.
   */
  Optional<String> check(String hex, long size) throws IOException {
    Path jar = jarOf(hex);
    if (!Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.of("not a regular file");
    }
    long actualSize = Files.size(jar);
    if (actualSize != size) {
      return Optional.of("it has " + actualSize + " bytes, not " + size);
    }
    MessageDigest sha256 = sha256();
    try (InputStream in = Files.newInputStream(jar)) {
      byte[] buffer = new byte[BUFFER_BYTES];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        sha256.update(buffer, 0, n);
      }
    }
    String actual = HexFormat.of().formatHex(sha256.digest());
    if (!actual.equals(hex)) {
      return Optional.of("its SHA-256 is " + actual);
    }
    if (!Files.getPosixFilePermissions(jar, LinkOption.NOFOLLOW_LINKS).equals(READ_ONLY)) {
      Files.setPosixFilePermissions(jar, READ_ONLY);
    }
    return Optional.empty();
  }

  private void syncDir() throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
