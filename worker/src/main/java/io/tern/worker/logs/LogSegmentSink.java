package io.tern.worker.logs;

import java.io.IOException;

/** Where shipped log segments go (the image store's bucket, see {@code io.tern.image.LogLayout}). */
public interface LogSegmentSink {

  /** Stores one segment whole, replacing one at the same place (same bytes when a ship is retried). */
  void put(long jobId, int attempt, long offset, byte[] data) throws IOException;

  /** The bytes of log already stored for job {@code jobId} (all attempts). */
  long storedBytes(long jobId) throws IOException;
}
