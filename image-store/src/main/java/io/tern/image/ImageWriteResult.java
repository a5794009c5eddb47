package io.tern.image;

/**
 * What writing one image cost. The counters map one to one onto the worker protocol's
 * {@code CheckpointCommit}.
 *
 * @param manifestKey the manifest key (relative to the storage prefix) that was written
 * @param logicalBytes bytes of state read from the input stream
 * @param storedBytes bytes the image's chunks occupy in storage as encoded, counting every chunk
 *     the manifest lists (shared or not); equals {@code logicalBytes} for the {@code raw} encoding
 * @param uploadedBytes chunk bytes actually sent to storage by this write (new chunks only)
 * @param chunks number of chunks the manifest lists
 * @param chunksReused chunks that were not uploaded because the previous manifest, this process's
 *     cache of recently uploaded chunks, or an earlier chunk of the same image already held them
 * @param nanos elapsed time of the whole write, manifest included
 * @param chunksRefreshed always 0 since images are written in packs (ADR 0004): a writer never
 *     asks storage about a chunk, so it never finds an old object to refresh; kept for the protocol
 */
public record ImageWriteResult(
    String manifestKey,
    long logicalBytes,
    long storedBytes,
    long uploadedBytes,
    int chunks,
    int chunksReused,
    long nanos,
    int chunksRefreshed) {

  /** A result without refreshed chunks. */
  public ImageWriteResult(String manifestKey, long logicalBytes, long storedBytes, long uploadedBytes, int chunks,
      int chunksReused, long nanos) {
    this(manifestKey, logicalBytes, storedBytes, uploadedBytes, chunks, chunksReused, nanos, 0);
  }

  /** Chunks uploaded by this write. */
  public int chunksUploaded() {
    return chunks - chunksReused;
  }
}
