package io.tern.sdk.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads frames from a channel, one at a time, into a reused buffer. For one reading thread only.
 * {@link #next()} reads a frame; {@link #type()}, {@link #length()} and {@link #payload()} describe
 * it until the next call.
 */
public final class FrameReader {

  private final ReadableByteChannel channel;
  private final ByteBuffer header = ByteBuffer.allocate(5);
  private ByteBuffer payload = ByteBuffer.allocate(0);
  private FrameType type;

  public FrameReader(ReadableByteChannel channel) {
    this.channel = Objects.requireNonNull(channel);
  }

  /**
   * Reads the next frame. Returns false when the stream ended cleanly between frames; a stream that
   * ends inside a frame throws {@link EOFException}; a bad type or length throws {@link ProtocolException}.
   */
  public boolean next() throws IOException {
    type = null;
    header.clear();
    if (!readFully(header, true)) {
      return false;
    }
    header.flip();
    FrameType t = FrameType.of(header.get());
    int len = header.getInt();
    if (len < 0 || len > FrameType.MAX_PAYLOAD) {
      throw new ProtocolException(t + " frame announces " + len + " payload bytes (max " + FrameType.MAX_PAYLOAD + ")");
    }
    if (payload.capacity() < len) {
      payload = ByteBuffer.allocate(Math.max(len, Math.min(FrameType.MAX_PAYLOAD, payload.capacity() * 2)));
    }
    payload.clear().limit(len);
    readFully(payload, false);
    payload.flip();
    type = t;
    return true;
  }

  /** Reads the next frame, failing with {@link EOFException} if the stream ended. */
  public FrameType require() throws IOException {
    if (!next()) {
      throw new ChannelClosedException("channel closed");
    }
    return type;
  }

  /** The type of the current frame. */
  public FrameType type() {
    return type;
  }

  /** The payload length of the current frame. */
  public int length() {
    return payload.limit();
  }

  /** The current frame's payload, valid until the next {@link #next()}; positioned at 0. */
  public ByteBuffer payload() {
    return payload.duplicate();
  }

  /** A copy of the current frame's payload. */
  public byte[] payloadBytes() {
    byte[] b = new byte[payload.limit()];
    payload.duplicate().get(b);
    return b;
  }

  /** The current frame's payload decoded as UTF-8. */
  public String payloadText() {
    return new String(payload.array(), payload.arrayOffset(), payload.limit(), StandardCharsets.UTF_8);
  }

  private boolean readFully(ByteBuffer b, boolean cleanEofAllowed) throws IOException {
    while (b.hasRemaining()) {
      if (channel.read(b) < 0) {
        if (cleanEofAllowed && b.position() == 0) {
          return false;
        }
        throw new ChannelClosedException("channel closed inside a frame");
      }
    }
    return true;
  }
}
