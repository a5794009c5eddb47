package io.tern.image;

import java.io.IOException;
import java.io.InputStream;

/**
 * A file to store with an image: its path in the output directory, how many bytes of it belong to
 * the image, its permission bits, and how to open it. The writer reads exactly {@code size} bytes
 * from the start (a file that grew since is cut at {@code size}; one that ends earlier fails the
 * write).
 *
 * @param path relative path, see {@link OutputPaths}
 * @param size bytes to store
 * @param mode POSIX permission bits, {@code 0} to {@code 0777}
 * @param opener opens the file for reading from its first byte
 */
public record OutputSource(String path, long size, int mode, Opener opener) {

  /** Opens a file's content. */
  @FunctionalInterface
  public interface Opener {
    /** A stream over the file from its first byte; the writer closes it. */
    InputStream open() throws IOException;
  }

  /** Validates the entry. */
  public OutputSource {
    String problem = OutputPaths.problem(path);
    if (problem != null) {
      throw new IllegalArgumentException("output path '" + OutputPaths.printable(path) + "' refused: " + problem);
    }
    if (size < 0 || (mode & ~0777) != 0) {
      throw new IllegalArgumentException("output file " + path + ": size " + size + ", mode " + mode);
    }
    java.util.Objects.requireNonNull(opener, "opener");
  }
}
