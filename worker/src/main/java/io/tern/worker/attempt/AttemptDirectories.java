package io.tern.worker.attempt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The worker's directories: {@code <work-dir>/attempts/<attemptId>/} (private to the worker's user,
 * mode 700, one per running attempt, the job process's working and home directory) and
 * {@code <work-dir>/logs/attempt-<attemptId>.log} (the output of ended attempts).
 */
public final class AttemptDirectories {

  /** Name of the job process's output file inside its attempt directory. */
  public static final String OUTPUT_LOG = io.tern.sdk.internal.host.ChildProcess.OUTPUT_LOG;

  private final Path attempts;
  private final Path logs;
  private final SnapshotSpool spool;

  /** @param workDir {@code tern.worker.work-dir}; snapshots are spooled to disk */
  public AttemptDirectories(Path workDir) {
    this(workDir, SnapshotSpool.onDisk());
  }

  /**
   * @param workDir {@code tern.worker.work-dir}
   * @param spool where snapshots are spooled ({@code tern.worker.spool.dir})
   */
  public AttemptDirectories(Path workDir, SnapshotSpool spool) {
    this.attempts = workDir.resolve("attempts");
    this.logs = workDir.resolve("logs");
    this.spool = spool;
  }

  /** Where snapshots are spooled. */
  public SnapshotSpool spool() {
    return spool;
  }

  /** Creates an empty private directory for {@code attemptId}, replacing any leftover of an earlier life. */
  public Path create(long attemptId) throws IOException {
    Files.createDirectories(attempts);
    Path dir = dirOf(attemptId);
    deleteTree(dir);
    if (supportsPosix(attempts)) {
      Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      // the umask may have removed bits, never added them; set them exactly
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    } else {
      Files.createDirectory(dir);
    }
    return dir;
  }

  /** The directory of {@code attemptId} (which may not exist). */
  public Path dirOf(long attemptId) {
    return attempts.resolve(Long.toString(attemptId));
  }

  /** Where the output of {@code attemptId} is kept once the attempt is over. */
  public Path logOf(long attemptId) {
    return logs.resolve("attempt-" + attemptId + ".log");
  }

  /** Moves the attempt's {@code output.log} to the logs folder, then deletes the attempt directory. */
  public void archiveAndDelete(long attemptId) throws IOException {
    Path dir = dirOf(attemptId);
    Path output = dir.resolve(OUTPUT_LOG);
    if (Files.isRegularFile(output)) {
      Files.createDirectories(logs);
      Files.move(output, logOf(attemptId), StandardCopyOption.REPLACE_EXISTING);
    }
    deleteTree(dir);
    spool.deleteFiles(attemptId);
  }

  /**
   * Deletes every attempt directory and spooled snapshot left by an earlier run of the worker (those
   * attempts are lost anyway).
   */
  public void deleteLeftovers() throws IOException {
    spool.deleteFiles(-1);
    if (Files.isDirectory(attempts)) {
      try (Stream<Path> dirs = Files.list(attempts)) {
        for (Path dir : dirs.toList()) {
          deleteTree(dir);
        }
      }
    }
  }

  private static boolean supportsPosix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
