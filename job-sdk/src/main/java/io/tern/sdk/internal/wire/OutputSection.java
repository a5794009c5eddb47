package io.tern.sdk.internal.wire;

import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The job's output directory as the child appends it to a snapshot, after the state: per regular
 * file, a header (path length, UTF-8 path relative to the directory with {@code /} separators, size,
 * permission bits) and its bytes. The child writes it while the job is paused, so the files are
 * captured exactly as they are at the step boundary; the worker finds the section at the end of the
 * spooled snapshot ({@code SnapshotEnd.outputBytes}) and stores each file in the image on its own.
 */
public final class OutputSection {

  /** Longest path accepted, in bytes of UTF-8. */
  public static final int MAX_PATH_BYTES = 1024;

  private OutputSection() {}

  /** One file of a section: where its bytes lie in the spooled snapshot. */
  public record Entry(String path, long size, int mode, long contentOffset) {}

  /**
   * Writes every regular file under {@code dir} (lexical order of paths) to {@code out}; returns the
   * bytes written.
   *
   * @throws IOException naming the path when the directory holds a link, a file with several names, a
   *     device, a FIFO or a socket, or a file shrinks while it is read
   */
  public static long write(Path dir, OutputStream out) throws IOException {
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        String path = relative(dir, file);
        if (attrs.isSymbolicLink()) {
          throw new IOException("output " + path + " is a symbolic link; only regular files and directories are kept");
        }
        if (!attrs.isRegularFile()) {
          throw new IOException("output " + path + " is not a regular file (a device, FIFO or socket); only regular"
              + " files and directories are kept");
        }
        files.add(file);
        return FileVisitResult.CONTINUE;
      }
    });
    files.sort(Comparator.comparing(f -> relative(dir, f)));
    DataOutputStream data = new DataOutputStream(out);
    long written = 0;
    byte[] buffer = new byte[1 << 16];
    for (Path file : files) {
      String path = relative(dir, file);
      Map<String, Object> unix = Files.readAttributes(file, "unix:nlink,mode,size", LinkOption.NOFOLLOW_LINKS);
      if ((Integer) unix.get("nlink") > 1) {
        throw new IOException("output " + path + " is a hard link (it has " + unix.get("nlink")
            + " names); only files with one name are kept");
      }
      byte[] name = path.getBytes(StandardCharsets.UTF_8);
      if (name.length > MAX_PATH_BYTES || path.indexOf('\\') >= 0) {
        throw new IOException("output path " + path + " is longer than " + MAX_PATH_BYTES
            + " bytes or contains a backslash");
      }
      long size = (Long) unix.get("size");
      data.writeInt(name.length);
      data.write(name);
      data.writeLong(size);
      data.writeInt((Integer) unix.get("mode") & 0777);
      try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
        for (long left = size; left > 0; ) {
          int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
          if (n < 0) {
            throw new EOFException("output " + path + " shrank while it was being captured");
          }
          data.write(buffer, 0, n);
          left -= n;
        }
      }
      written += 4 + name.length + 8 + 4 + size;
    }
    data.flush();
    return written;
  }

  /**
   * The entries of the section at {@code offset}, {@code length} bytes long, in {@code spool}.
   *
   * @throws IOException if the section is malformed
   */
  public static List<Entry> read(FileChannel spool, long offset, long length) throws IOException {
    List<Entry> entries = new ArrayList<>();
    long end = offset + length;
    long position = offset;
    while (position < end) {
      ByteBuffer header = readFully(spool, position, 4, end);
      int nameLength = header.getInt();
      if (nameLength <= 0 || nameLength > MAX_PATH_BYTES) {
        throw new IOException("malformed output section: path length " + nameLength);
      }
      ByteBuffer rest = readFully(spool, position + 4, nameLength + 12, end);
      byte[] name = new byte[nameLength];
      rest.get(name);
      long size = rest.getLong();
      int mode = rest.getInt();
      long content = position + 4 + nameLength + 12;
      if (size < 0 || size > end - content) {
        throw new IOException("malformed output section: file size " + size);
      }
      entries.add(new Entry(new String(name, StandardCharsets.UTF_8), size, mode, content));
      position = content + size;
    }
    return entries;
  }

  private static ByteBuffer readFully(FileChannel spool, long position, int n, long end) throws IOException {
    if (position + n > end) {
      throw new IOException("malformed output section: it ends inside a header");
    }
    ByteBuffer buffer = ByteBuffer.allocate(n);
    while (buffer.hasRemaining()) {
      if (spool.read(buffer, position + buffer.position()) < 0) {
        throw new EOFException("the spooled snapshot ends inside its output section");
      }
    }
    return buffer.flip();
  }

  private static String relative(Path dir, Path file) {
    StringBuilder joined = new StringBuilder();
    for (Path segment : dir.relativize(file)) {
      if (!joined.isEmpty()) {
        joined.append('/');
      }
      joined.append(segment);
    }
    return joined.toString();
  }
}
