package io.tern.sdk.internal.wire;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * An {@link InputStream} over a sequence of {@code DATA} frames closed by {@code END}, read from a
 * {@link FrameReader}. {@code END} is end of stream; {@code ABORT} fails the read with
 * {@link AbortedException} carrying the sender's reason; {@code STOP} fails it with
 * {@link StopRequestedException}; any other frame is a {@link ProtocolException}.
 */
public final class DataFrameInputStream extends InputStream {

  /** The sender gave up sending the data. */
  public static final class AbortedException extends IOException {
    public AbortedException(String reason) {
      super("the sender aborted the data stream: " + reason);
    }
  }

  /** The sender asked to stop instead of finishing the data. */
  public static final class StopRequestedException extends IOException {
    public StopRequestedException() {
      super("stop requested during data transfer");
    }
  }

  private final FrameReader reader;
  private ByteBuffer current = ByteBuffer.allocate(0);
  private boolean ended;
  private long total;

  public DataFrameInputStream(FrameReader reader) {
    this.reader = Objects.requireNonNull(reader);
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    total++;
    return current.get() & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.remaining());
    current.get(b, off, n);
    total += n;
    return n;
  }

  /** Reads and discards everything up to the terminating frame. */
  public void drain() throws IOException {
    while (fill()) {
      total += current.remaining();
      current.position(current.limit());
    }
  }

  /** True once the terminating END frame has been read. */
  public boolean ended() {
    return ended;
  }

  /** Bytes delivered (or drained) so far. */
  public long bytesRead() {
    return total;
  }

  private boolean fill() throws IOException {
    while (!current.hasRemaining()) {
      if (ended) {
        return false;
      }
      FrameType t = reader.require();
      switch (t) {
        case DATA -> current = reader.payload();
        case END -> ended = true;
        case ABORT -> throw new AbortedException(reader.payloadText());
        case STOP -> throw new StopRequestedException();
        default -> throw new ProtocolException("unexpected " + t + " frame inside a data stream");
      }
    }
    return true;
  }
}
