package io.tern.worker.logs;

import io.tern.image.ImageStore;
import io.tern.image.LogLayout;
import java.io.IOException;

/** Log segments in the image store's bucket, under {@code jobs/<jobId>/logs/} ({@link LogLayout}). */
public final class StoreLogSink implements LogSegmentSink {

  private final ImageStore store;

  public StoreLogSink(ImageStore store) {
    this.store = store;
  }

  @Override
  public void put(long jobId, int attempt, long offset, byte[] data) throws IOException {
    store.putLogSegment(jobId, attempt, offset, data);
  }

  @Override
  public long storedBytes(long jobId) throws IOException {
    return store.listLogSegments(jobId).stream().mapToLong(LogLayout.Segment::length).sum();
  }
}
