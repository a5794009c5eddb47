package io.tern.image;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A job's output directory on local disk: listing it for an image (regular files and directories
 * only, nothing that could lead outside it) and recreating directories on restore without following
 * anything but real directories.
 */
public final class OutputDirectory {

  private OutputDirectory() {}

  /** A regular file of the directory at the moment it was listed. */
  public record Entry(String path, Path file, long size, int mode) {}

  /** The directory holds something an image must not store; the message says what and why. */
  public static final class UnsafeOutputException extends IOException {
    UnsafeOutputException(String message) {
      super(message);
    }
  }

  /**
   * Every regular file under {@code dir}, by path (lexical order), with its size and permission bits
   * now. Refuses symbolic links, hard links (a file with more than one name could be shared with a
   * file outside), devices, FIFOs and sockets, paths {@link OutputPaths} refuses, and more than
   * {@code maxTotalBytes} in all.
   *
   * @throws UnsafeOutputException naming the first offending path
   */
  public static List<Entry> list(Path dir, long maxTotalBytes) throws IOException {
    List<Entry> entries = new ArrayList<>();
    long[] total = {0};
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
        if (!d.equals(dir)) {
          checkPath(dir, d);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String path = checkPath(dir, file);
        if (attrs.isSymbolicLink()) {
          throw new UnsafeOutputException("output " + path + " is a symbolic link; only regular files and "
              + "directories are kept");
        }
        if (!attrs.isRegularFile()) {
          throw new UnsafeOutputException("output " + path + " is not a regular file (a device, FIFO or socket); "
              + "only regular files and directories are kept");
        }
        Map<String, Object> unix = Files.readAttributes(file, "unix:nlink,mode", LinkOption.NOFOLLOW_LINKS);
        if ((Integer) unix.get("nlink") > 1) {
          throw new UnsafeOutputException("output " + path + " is a hard link (it has "
              + unix.get("nlink") + " names); only files with one name are kept");
        }
        total[0] += attrs.size();
        if (total[0] > maxTotalBytes) {
          throw new UnsafeOutputException("the output directory holds more than " + maxTotalBytes
              + " bytes (the limit for outputs)");
        }
        entries.add(new Entry(path, file, attrs.size(), (Integer) unix.get("mode") & 0777));
        return FileVisitResult.CONTINUE;
      }
    });
    entries.sort(Comparator.comparing(Entry::path));
    return entries;
  }

  private static String checkPath(Path dir, Path file) throws UnsafeOutputException {
    String path = OutputPaths.relative(dir, file);
    String problem = OutputPaths.problem(path);
    if (problem != null) {
      throw new UnsafeOutputException("output '" + OutputPaths.printable(path) + "' refused: " + problem);
    }
    return path;
  }

  /**
   * Creates the missing directories between {@code dir} and {@code target}'s parent (mode 700);
   * every existing one must be a real directory.
   *
   * @throws IllegalArgumentException if something on the way is not a directory
   */
  static void createParents(Path dir, Path target) throws IOException {
    Path current = dir;
    for (Path segment : dir.relativize(target.getParent() == null ? dir : target.getParent())) {
      if (segment.toString().isEmpty()) {
        continue;
      }
      current = current.resolve(segment);
      if (Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
          throw new IllegalArgumentException("output directory " + OutputPaths.relative(dir, current)
              + " cannot be created: something that is not a directory is there");
        }
      } else {
        Files.createDirectory(current);
      }
    }
  }

  /** The permission bits {@code mode} as a set. */
  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    for (int i = 0; i < bits.length; i++) {
      if ((mode & (1 << i)) != 0) {
        set.add(bits[i]);
      }
    }
    return set;
  }
}
