package io.tern.image;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The manifest of one checkpoint image: which job and attempt wrote it, what it contains and the
 * ordered list of chunks whose concatenation is the encoded state. Stored as JSON (see
 * {@code docs/image-format.md}); written only after every chunk it lists is durable.
 *
 * @param formatVersion version of the manifest format, {@value #FORMAT_VERSION}
 * @param jobId the job
 * @param attempt the attempt number that wrote the image
 * @param seq the checkpoint sequence number
 * @param step the job step the state was captured after
 * @param codecId the codec that encoded the state
 * @param chunkEncoding {@value #RAW_ENCODING} (every chunk object holds the chunk's bytes as they are;
 *     what the first release wrote) or {@value #PER_CHUNK_ENCODING} (each chunk names its own
 *     encoding, see {@link ChunkRef#encoding()}) or {@value #PACKED_ENCODING} (each chunk names its
 *     encoding and, when it lives in a pack, the pack and offset; what this release writes)
 * @param logicalSize total length of the state in bytes (sum of chunk sizes)
 * @param createdAt when the writer finished uploading the chunks
 * @param chunks the chunks, in order
 * @param files the files of the job's output directory captured with the state, by path (empty for an
 *     image without outputs, and for every manifest written before outputs existed)
 */
public record Manifest(
    int formatVersion,
    long jobId,
    int attempt,
    long seq,
    long step,
    String codecId,
    String chunkEncoding,
    long logicalSize,
    Instant createdAt,
    List<ChunkRef> chunks,
    List<OutputFile> files) {

  /** The manifest format this code writes and reads. */
  public static final int FORMAT_VERSION = 1;

  /** Chunk objects hold the chunk's bytes as they are. */
  public static final String RAW_ENCODING = "raw";

  /** Each chunk entry names its own encoding ({@code raw} or {@code zstd}). */
  public static final String PER_CHUNK_ENCODING = "per-chunk";

  /** Chunks live in pack objects; each entry names its encoding, pack and offset. */
  public static final String PACKED_ENCODING = "packed";

  /** Validates the manifest: supported version and encoding, sizes that add up. */
  public Manifest {
    if (formatVersion != FORMAT_VERSION) {
      throw new IllegalArgumentException(
          "unsupported manifest formatVersion " + formatVersion + " (this reader knows " + FORMAT_VERSION + ")");
    }
    Objects.requireNonNull(codecId, "codecId");
    if (!RAW_ENCODING.equals(chunkEncoding) && !PER_CHUNK_ENCODING.equals(chunkEncoding)
        && !PACKED_ENCODING.equals(chunkEncoding)) {
      throw new IllegalArgumentException("unsupported chunkEncoding '" + chunkEncoding + "'");
    }
    Objects.requireNonNull(createdAt, "createdAt");
    chunks = List.copyOf(Objects.requireNonNull(chunks, "chunks"));
    long sum = 0;
    for (ChunkRef chunk : chunks) {
      sum += chunk.size();
      if (RAW_ENCODING.equals(chunkEncoding) && !RAW_ENCODING.equals(chunk.encoding())) {
        throw new IllegalArgumentException("a raw manifest lists a " + chunk.encoding() + " chunk");
      }
      if (chunk.packed() && !PACKED_ENCODING.equals(chunkEncoding)) {
        throw new IllegalArgumentException("a " + chunkEncoding + " manifest lists a packed chunk");
      }
    }
    if (sum != logicalSize) {
      throw new IllegalArgumentException(
          "chunk sizes add up to " + sum + " bytes but logicalSize is " + logicalSize);
    }
    files = List.copyOf(Objects.requireNonNull(files, "files"));
    java.util.Set<String> paths = new java.util.HashSet<>();
    for (OutputFile file : files) {
      if (!paths.add(file.path())) {
        throw new IllegalArgumentException("output file " + file.path() + " is listed twice");
      }
      for (ChunkRef chunk : file.chunks()) {
        if (RAW_ENCODING.equals(chunkEncoding) && !RAW_ENCODING.equals(chunk.encoding())) {
          throw new IllegalArgumentException("a raw manifest lists a " + chunk.encoding() + " chunk");
        }
        if (chunk.packed() && !PACKED_ENCODING.equals(chunkEncoding)) {
          throw new IllegalArgumentException("a " + chunkEncoding + " manifest lists a packed chunk");
        }
      }
    }
    for (String path : paths) {
      for (int slash = path.indexOf('/'); slash >= 0; slash = path.indexOf('/', slash + 1)) {
        if (paths.contains(path.substring(0, slash))) {
          throw new IllegalArgumentException("output file " + path.substring(0, slash)
              + " is also the directory of " + path);
        }
      }
    }
  }

  /** A manifest without output files (what every manifest written before outputs existed is). */
  public Manifest(int formatVersion, long jobId, int attempt, long seq, long step, String codecId,
      String chunkEncoding, long logicalSize, Instant createdAt, List<ChunkRef> chunks) {
    this(formatVersion, jobId, attempt, seq, step, codecId, chunkEncoding, logicalSize, createdAt, chunks, List.of());
  }

  /** Every chunk the image references: the state's, then each output file's. */
  public List<ChunkRef> allChunks() {
    if (files.isEmpty()) {
      return chunks;
    }
    List<ChunkRef> all = new java.util.ArrayList<>(chunks);
    for (OutputFile file : files) {
      all.addAll(file.chunks());
    }
    return all;
  }

  /** Total length of the output files in bytes. */
  public long outputBytes() {
    long total = 0;
    for (OutputFile file : files) {
      total += file.size();
    }
    return total;
  }

  /** The output file's content seen as an image of its own (what a {@link RestoreStream} reads). */
  Manifest contentOf(OutputFile file) {
    return new Manifest(formatVersion, jobId, attempt, seq, step, codecId, chunkEncoding, file.size(), createdAt,
        file.chunks());
  }

  /** Bytes the chunk objects this manifest lists occupy in storage, each listed occurrence counted. */
  public long storedSize() {
    long stored = 0;
    for (ChunkRef chunk : allChunks()) {
      stored += chunk.storedSize();
    }
    return stored;
  }

  /**
   * A version-1 manifest for {@code descriptor}: {@value #PACKED_ENCODING} when any chunk lives in a
   * pack, else {@value #RAW_ENCODING} when every chunk is stored raw (readable by the first release),
   * {@value #PER_CHUNK_ENCODING} otherwise.
   */
  static Manifest of(ImageDescriptor descriptor, Instant createdAt, List<ChunkRef> chunks) {
    return of(descriptor, createdAt, chunks, List.of());
  }

  /** Like {@link #of(ImageDescriptor, Instant, List)}, with output files. */
  static Manifest of(ImageDescriptor descriptor, Instant createdAt, List<ChunkRef> chunks, List<OutputFile> files) {
    long size = 0;
    boolean allRaw = true;
    boolean anyPacked = false;
    for (ChunkRef chunk : chunks) {
      size += chunk.size();
    }
    for (ChunkRef chunk : new Manifest(FORMAT_VERSION, 0, 0, 0, 0, "", PACKED_ENCODING, size, createdAt, chunks,
        files).allChunks()) {
      allRaw &= RAW_ENCODING.equals(chunk.encoding());
      anyPacked |= chunk.packed();
    }
    return new Manifest(
        FORMAT_VERSION,
        descriptor.jobId(),
        descriptor.attemptNumber(),
        descriptor.seq(),
        descriptor.step(),
        descriptor.codecId(),
        anyPacked ? PACKED_ENCODING : allRaw ? RAW_ENCODING : PER_CHUNK_ENCODING,
        size,
        createdAt,
        chunks,
        files);
  }
}
