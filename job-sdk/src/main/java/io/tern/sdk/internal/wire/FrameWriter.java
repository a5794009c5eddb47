package io.tern.sdk.internal.wire;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/** Writes frames to a channel. Thread-safe: each frame is written whole, frames never interleave. */
public final class FrameWriter {

  private static final byte[] EMPTY = new byte[0];

  private final WritableByteChannel channel;
  private final ByteBuffer header = ByteBuffer.allocate(5);

  public FrameWriter(WritableByteChannel channel) {
    this.channel = Objects.requireNonNull(channel);
  }

  /** Writes a frame with an empty payload. */
  public void write(FrameType type) throws IOException {
    write(type, EMPTY, 0, 0);
  }

  /** Writes a frame whose payload is all of {@code payload}. */
  public void write(FrameType type, byte[] payload) throws IOException {
    write(type, payload, 0, payload.length);
  }

  /** Writes a frame whose payload is {@code len} bytes of {@code payload} from {@code off}. */
  public synchronized void write(FrameType type, byte[] payload, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, payload.length);
    if (len > FrameType.MAX_PAYLOAD) {
      throw new IllegalArgumentException(type + " payload of " + len + " bytes exceeds " + FrameType.MAX_PAYLOAD);
    }
    header.clear();
    header.put(type.code()).putInt(len).flip();
    writeFully(header);
    if (len > 0) {
      writeFully(ByteBuffer.wrap(payload, off, len));
    }
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      channel.write(b);
    }
  }
}
