package io.tern.worker.attempt;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a snapshot is spooled while the job is paused, before the commit reads it back (docs/worker.md).
 * A memory-backed folder (tmpfs, {@code /dev/shm} by default) makes the pause as short as the
 * encoding itself: writing a large snapshot to disk stalls on the kernel's dirty-page limit (a 1 GiB
 * state paused the job for 19 s on a busy disk). A snapshot goes to memory only while the folder has
 * room for it (the previous snapshot's size plus a margin); otherwise, and after a snapshot that did
 * not fit, it goes to the attempt's directory on disk.
 *
 * <p>Thread-safe.
 */
public final class SnapshotSpool {

  /** Room left free in the memory folder beyond the expected snapshot size. */
  static final long MARGIN_BYTES = 64L * 1024 * 1024;

  private static final Logger log = LoggerFactory.getLogger(SnapshotSpool.class);

  private final Path memoryDir;

  private SnapshotSpool(Path memoryDir) {
    this.memoryDir = memoryDir;
  }

  /** Spools only to attempt directories on disk. */
  public static SnapshotSpool onDisk() {
    return new SnapshotSpool(null);
  }

  /**
   * Spools to {@code memoryDir} (created private to this user) when there is room.
   *
   * @throws IOException if the folder cannot be created
   */
  public static SnapshotSpool inMemory(Path memoryDir) throws IOException {
    Path dir = memoryDir.toAbsolutePath().normalize();
    Files.createDirectories(dir);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    return new SnapshotSpool(dir);
  }

  /**
   * The spool of {@code tern.worker.spool.dir}: {@code auto} (a folder under {@code /dev/shm}, when
   * that is a writable directory, named after the worker's work directory so two workers on one host
   * never share it; else disk), {@code disk}, or a path.
   */
  public static SnapshotSpool fromSetting(String setting, Path workDir) {
    String value = setting == null || setting.isBlank() ? "auto" : setting.trim();
    if ("disk".equals(value)) {
      return onDisk();
    }
    Path dir;
    if ("auto".equals(value)) {
      Path shm = Path.of("/dev/shm");
      if (!Files.isDirectory(shm) || !Files.isWritable(shm)) {
        return onDisk();
      }
      dir = shm.resolve(autoFolderName(workDir));
    } else {
      dir = Path.of(value);
    }
    try {
      return inMemory(dir);
    } catch (IOException | RuntimeException e) {
      log.warn("snapshots are spooled to disk: cannot use {} ({})", dir, e.toString());
      return onDisk();
    }
  }

  /** {@code tern-spool-<12 hex digits of the SHA-256 of the absolute work directory>}. */
  static String autoFolderName(Path workDir) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(workDir.toAbsolutePath().normalize().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "tern-spool-" + java.util.HexFormat.of().formatHex(digest).substring(0, 12);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }

  /** The memory folder, if this spool has one. */
  public Optional<Path> memoryDir() {
    return Optional.ofNullable(memoryDir);
  }

  /**
   * A path (not yet existing) for snapshot {@code seq} of the attempt whose directory is
   * {@code attemptDir}: in memory when {@code allowMemory} and the folder has room for
   * {@code expectedBytes}, else in the attempt directory.
   */
  public Path fileFor(long attemptId, long seq, Path attemptDir, long expectedBytes, boolean allowMemory) {
    if (memoryDir != null && allowMemory && hasRoom(expectedBytes)) {
      return memoryDir.resolve("attempt-" + attemptId + "-checkpoint-" + seq + ".spool");
    }
    return attemptDir.resolve("checkpoint-" + seq + ".spool");
  }

  /** Whether {@code file} is in the memory folder. */
  public boolean isInMemory(Path file) {
    return memoryDir != null && file.startsWith(memoryDir);
  }

  /** Deletes spool files of an attempt (after it ended) or, with {@code attemptId} < 0, all of them. */
  public void deleteFiles(long attemptId) {
    if (memoryDir == null || !Files.isDirectory(memoryDir)) {
      return;
    }
    String prefix = attemptId < 0 ? "attempt-" : "attempt-" + attemptId + "-";
    try (Stream<Path> files = Files.list(memoryDir)) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith(prefix)).toList()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      log.warn("cannot clean the snapshot spool {}: {}", memoryDir, e.toString());
    }
  }

  private boolean hasRoom(long expectedBytes) {
    try {
      FileStore store = Files.getFileStore(memoryDir);
      return store.getUsableSpace() >= Math.max(0, expectedBytes) + MARGIN_BYTES;
    } catch (IOException e) {
      return false;
    }
  }
}
