package io.tern.scheduler.artifact;

import io.tern.scheduler.api.PayloadTooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where uploads wait while they are checked: a directory only the scheduler's user can enter (0700),
 * one file per upload readable only by it (0600). A body is copied in while its bytes are counted and
 * hashed; past the limit the copy stops (one byte past it) and the file is deleted. Whatever a crash
 * left behind is deleted when the spool is opened.
 */
public final class UploadSpool {

  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private final Path directory;

  /** Opens (creating it 0700 if needed) and empties the spool directory. */
  public UploadSpool(Path directory) throws IOException {
    this.directory = directory.toAbsolutePath();
    try {
      Files.createDirectories(this.directory.getParent());
      Files.createDirectory(this.directory, PosixFilePermissions.asFileAttribute(DIRECTORY));
    } catch (FileAlreadyExistsException e) {
      // checked below
    }
    if (!Files.isDirectory(this.directory, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("upload spool " + this.directory + " is not a directory");
    }
    Path probe = Files.createTempFile(this.directory, "owner-", ".probe", PosixFilePermissions.asFileAttribute(FILE));
    try {
      if (!Files.getOwner(this.directory, LinkOption.NOFOLLOW_LINKS).equals(Files.getOwner(probe))) {
        throw new IOException("upload spool " + this.directory + " belongs to another user; choose another"
            + " tern.artifacts.spool-dir");
      }
    } finally {
      Files.deleteIfExists(probe);
    }
    Files.setPosixFilePermissions(this.directory, DIRECTORY);
    try (Stream<Path> leftovers = Files.list(this.directory)) {
      for (Path p : (Iterable<Path>) leftovers::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** The spool directory. */
  public Path directory() {
    return directory;
  }

  /**
   * Copies {@code body} to its end into a new spool file.
   *
   * @throws PayloadTooLargeException when the body is longer than {@code maxBytes} (read up to one byte past)
   * @throws ArtifactException {@code upload-incomplete} when the body cannot be read to its end
   */
  public Spooled receive(InputStream body, long maxBytes) throws IOException {
    Path file = Files.createTempFile(directory, "upload-", ".jar", PosixFilePermissions.asFileAttribute(FILE));
    MessageDigest sha256 = sha256();
    long size = 0;
    boolean done = false;
    try (OutputStream out = Files.newOutputStream(file)) {
      byte[] buffer = new byte[64 * 1024];
      while (true) {
        int want = (int) Math.min(buffer.length, maxBytes + 1 - size);
        int n;
        try {
          n = body.read(buffer, 0, want);
        } catch (PayloadTooLargeException e) {
          throw e;
        } catch (IOException e) {
          throw ArtifactException.incomplete(size);
        }
        if (n < 0) {
          break;
        }
        size += n;
        if (size > maxBytes) {
          throw new PayloadTooLargeException(maxBytes);
        }
        sha256.update(buffer, 0, n);
        out.write(buffer, 0, n);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(file);
      }
    }
    return new Spooled(file, size, HexFormat.of().formatHex(sha256.digest()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A spooled upload; closing it deletes the file. */
  public record Spooled(Path file, long size, String sha256Hex) implements AutoCloseable {
    @Override
    public void close() throws IOException {
      Files.deleteIfExists(file);
    }
  }
}
