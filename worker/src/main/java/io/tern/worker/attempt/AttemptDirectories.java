package io.tern.worker.attempt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The worker's directories: {@code <work-dir>/attempts/<attemptId>/} (private to the worker's user,
 * mode 700, one per running attempt, the job process's working and home directory) and
 * {@code <work-dir>/logs/attempt-<attemptId>.log} (the output of ended attempts, mode 600 in a 700
 * folder). The work dir itself is the worker's alone ({@link #claimWorkDir()}).
 */
public final class AttemptDirectories {

  private static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");

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

  /**
   * Makes sure the work directory is the worker's alone before anything is put in it: creates it
   * (mode 700) with its {@code attempts} and {@code logs} folders (700) when missing. Refuses (so the
   * worker does not start) a work directory that belongs to another user or that other users may
   * write, and one inside a folder where other users could rename or replace it (writable by them
   * without the sticky bit, or owned by a user other than the worker's or root) — a default work dir
   * under a shared {@code /tmp} must not have been planted by someone else.
   *
   * @throws IllegalStateException naming {@code tern.worker.work-dir} and what is wrong
   */
  public void claimWorkDir() throws IOException {
    Path workDir = attempts.getParent();
    if (!supportsPosix(workDir.getFileSystem().getPath("/"))) {
      Files.createDirectories(workDir);
      return;
    }
    int self = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
    Path parent = workDir.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
      refuseUnlessSafeParent(workDir, parent.toRealPath(), self);
    }
    if (Files.isSymbolicLink(workDir)) {
      int linkOwner = (Integer) Files.getAttribute(workDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      if (linkOwner != self && linkOwner != 0) {
        throw refused(workDir, "is a symbolic link owned by uid " + linkOwner);
      }
    }
    if (!Files.exists(workDir)) {
      createPrivate(workDir);
    }
    Path real = workDir.toRealPath();
    int owner = (Integer) Files.getAttribute(real, "unix:uid");
    if (owner != self) {
      throw refused(workDir, "is owned by uid " + owner + ", not by the worker's uid " + self);
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(real);
    if (perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
      throw refused(workDir, "is writable by other users (" + PosixFilePermissions.toString(perms) + ")");
    }
    for (Path dir : List.of(attempts, logs)) {
      if (!Files.exists(dir)) {
        createPrivate(dir);
      }
      Files.setPosixFilePermissions(dir, PRIVATE_DIR);
    }
  }

  private static void refuseUnlessSafeParent(Path workDir, Path parent, int self) throws IOException {
    int owner = (Integer) Files.getAttribute(parent, "unix:uid");
    if (owner != self && owner != 0) {
      throw refused(workDir, "is inside " + parent + ", which is owned by uid " + owner
          + " (neither the worker's uid " + self + " nor root), who could replace it");
    }
    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(parent);
    boolean othersMayWrite = perms.contains(PosixFilePermission.GROUP_WRITE) || perms.contains(PosixFilePermission.OTHERS_WRITE);
    if (othersMayWrite && !isSticky(parent)) {
      throw refused(workDir, "is inside " + parent + ", which is writable by other users without the sticky bit ("
          + PosixFilePermissions.toString(perms) + "), so they could replace it");
    }
  }

  private static boolean isSticky(Path dir) throws IOException {
    return ((Integer) Files.getAttribute(dir, "unix:mode") & 01000) != 0;
  }

  private static IllegalStateException refused(Path workDir, String why) {
    return new IllegalStateException("tern.worker.work-dir " + workDir + " " + why
        + ": the worker keeps job output and snapshots there and does not start. Choose a directory only the"
        + " worker's user can write (it is created with mode 700 when missing)");
  }

  private static void createPrivate(Path dir) throws IOException {
    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
    Files.setPosixFilePermissions(dir, PRIVATE_DIR); // the umask may have removed bits, never added them
  }

  /** Where snapshots are spooled. */
  public SnapshotSpool spool() {
    return spool;
  }

  /** Creates an empty private directory for {@code attemptId}, replacing any leftover of an earlier life. */
  public Path create(long attemptId) throws IOException {
    createPrivateDirectories(attempts);
    Path dir = dirOf(attemptId);
    deleteTree(dir);
    if (supportsPosix(attempts)) {
      createPrivate(dir);
    } else {
      Files.createDirectory(dir);
    }
    return dir;
  }

  /** Creates {@code dir} (mode 700) and missing parents up to the work dir (700 too) when missing. */
  private static void createPrivateDirectories(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (!supportsPosix(dir.getParent() != null && Files.exists(dir.getParent()) ? dir.getParent() : dir.getRoot())) {
      Files.createDirectories(dir);
      return;
    }
    if (dir.getParent() != null && !Files.exists(dir.getParent())) {
      createPrivateDirectories(dir.getParent());
    }
    createPrivate(dir);
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
      createPrivateDirectories(logs);
      Path log = logOf(attemptId);
      Files.move(output, log, StandardCopyOption.REPLACE_EXISTING);
      if (supportsPosix(log)) {
        Files.setPosixFilePermissions(log, PRIVATE_FILE);
      }
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
