package io.tern.sdk.internal.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * An {@link OutputStream} that sends what is written to it as {@code DATA} frames of at most
 * {@link FrameType#MAX_PAYLOAD} bytes. It does not write the terminating frame: the caller sends
 * {@code END} or {@code SNAPSHOT_END} after {@link #flush()}. {@link #close()} only flushes.
 */
public final class DataFrameOutputStream extends OutputStream {

  private final FrameWriter writer;
  private final byte[] buffer;
  private int count;
  private long total;

  public DataFrameOutputStream(FrameWriter writer) {
    this(writer, FrameType.MAX_PAYLOAD);
  }

  /** With a smaller frame size (tests). */
  public DataFrameOutputStream(FrameWriter writer, int frameSize) {
    if (frameSize < 1 || frameSize > FrameType.MAX_PAYLOAD) {
      throw new IllegalArgumentException("frame size " + frameSize);
    }
    this.writer = Objects.requireNonNull(writer);
    this.buffer = new byte[frameSize];
  }

  @Override
  public void write(int b) throws IOException {
    if (count == buffer.length) {
      flush();
    }
    buffer[count++] = (byte) b;
    total++;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    total += len;
    if (count > 0) {
      int n = Math.min(len, buffer.length - count);
      System.arraycopy(b, off, buffer, count, n);
      count += n;
      off += n;
      len -= n;
      if (count == buffer.length) {
        flush();
      }
    }
    while (len >= buffer.length) {
      writer.write(FrameType.DATA, b, off, buffer.length);
      off += buffer.length;
      len -= buffer.length;
    }
    if (len > 0) {
      System.arraycopy(b, off, buffer, count, len);
      count += len;
    }
  }

  /** Sends the buffered bytes as a DATA frame. */
  @Override
  public void flush() throws IOException {
    if (count > 0) {
      writer.write(FrameType.DATA, buffer, 0, count);
      count = 0;
    }
  }

  @Override
  public void close() throws IOException {
    flush();
  }

  /** All bytes written so far. */
  public long bytesWritten() {
    return total;
  }
}
