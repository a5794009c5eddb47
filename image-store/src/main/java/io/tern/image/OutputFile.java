package io.tern.image;

import java.util.List;
import java.util.Objects;

/**
 * One file of a job's output directory as an image stores it: its path relative to the directory,
 * its length, its permission bits and the ordered chunks whose concatenation is its content.
 *
 * @param path relative {@code /}-separated path, see {@link OutputPaths}
 * @param size length in bytes (sum of the chunk sizes)
 * @param mode POSIX permission bits, {@code 0} to {@code 0777}
 * @param chunks the content's chunks, in order; empty for an empty file
 */
public record OutputFile(String path, long size, int mode, List<ChunkRef> chunks) {

  /** Validates the entry. */
  public OutputFile {
    String problem = OutputPaths.problem(path);
    if (problem != null) {
      throw new IllegalArgumentException("output path '" + OutputPaths.printable(path) + "' refused: " + problem);
    }
    if ((mode & ~0777) != 0) {
      throw new IllegalArgumentException("output file " + path + " has mode " + Integer.toOctalString(mode)
          + ", only permission bits (0 to 0777) are kept");
    }
    chunks = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
    long sum = 0;
    for (ChunkRef chunk : chunks) {
      sum += chunk.size();
    }
    if (sum != size) {
      throw new IllegalArgumentException("chunks of output file " + path + " add up to " + sum
          + " bytes but its size is " + size);
    }
  }
}
