package io.tern.sdk;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Reads back what a {@link StateOutput} wrote, through a bounded buffer. Handed to a
 * {@link Codecs.Decoder} by a codec made with {@link Codecs#of}. A stream that ends early fails with
 * {@link EOFException}; a negative or impossible length fails with an {@link IOException}.
 *
 * <p>The reader may read ahead of the data it returns: give a codec the whole stream.
 */
public final class StateInput {

  private final InputStream in;
  private final ByteBuffer buf = ByteBuffer.allocate(StateOutput.BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  private long consumedBeforeBuffer;
  private int version;

  StateInput(InputStream in) {
    this.in = in;
    buf.limit(0);
  }

  /** The version of the format the stream was written with, as passed to {@link Codecs#of}. */
  public int version() {
    return version;
  }

  void version(int version) {
    this.version = version;
  }

  /** Reads one byte. */
  public byte readByte() throws IOException {
    require(1);
    return buf.get();
  }

  /** Reads a boolean. */
  public boolean readBoolean() throws IOException {
    byte b = readByte();
    if (b != 0 && b != 1) {
      throw new IOException("corrupt state: boolean byte is " + b);
    }
    return b == 1;
  }

  /** Reads an int. */
  public int readInt() throws IOException {
    require(4);
    return buf.getInt();
  }

  /** Reads a long. */
  public long readLong() throws IOException {
    require(8);
    return buf.getLong();
  }

  /** Reads a double. */
  public double readDouble() throws IOException {
    require(8);
    return Double.longBitsToDouble(buf.getLong());
  }

  /** Reads a string written by {@link StateOutput#writeString}; may return {@code null}. */
  public String readString() throws IOException {
    int len = readLength("string");
    if (len < 0) {
      return null;
    }
    byte[] bytes = new byte[len];
    readBytes(bytes, 0, len);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** Reads a length-prefixed double array; may return {@code null}. */
  public double[] readDoubleArray() throws IOException {
    int len = readLength("double array");
    if (len < 0) {
      return null;
    }
    double[] a = new double[len];
    readDoubles(a, 0, len);
    return a;
  }

  /** Reads a length-prefixed long array; may return {@code null}. */
  public long[] readLongArray() throws IOException {
    int len = readLength("long array");
    if (len < 0) {
      return null;
    }
    long[] a = new long[len];
    readLongs(a, 0, len);
    return a;
  }

  /** Reads a length-prefixed int array; may return {@code null}. */
  public int[] readIntArray() throws IOException {
    int len = readLength("int array");
    if (len < 0) {
      return null;
    }
    int[] a = new int[len];
    readInts(a, 0, len);
    return a;
  }

  /** Reads a length-prefixed byte array; may return {@code null}. */
  public byte[] readByteArray() throws IOException {
    int len = readLength("byte array");
    if (len < 0) {
      return null;
    }
    byte[] a = new byte[len];
    readBytes(a, 0, len);
    return a;
  }

  /** Reads {@code len} doubles (written without a length prefix) into {@code dst}. */
  public void readDoubles(double[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    while (len > 0) {
      require(Double.BYTES);
      int n = Math.min(len, buf.remaining() / Double.BYTES);
      buf.asDoubleBuffer().get(dst, off, n);
      buf.position(buf.position() + n * Double.BYTES);
      off += n;
      len -= n;
    }
  }

  /** Reads {@code len} longs into {@code dst}. */
  public void readLongs(long[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    while (len > 0) {
      require(Long.BYTES);
      int n = Math.min(len, buf.remaining() / Long.BYTES);
      buf.asLongBuffer().get(dst, off, n);
      buf.position(buf.position() + n * Long.BYTES);
      off += n;
      len -= n;
    }
  }

  /** Reads {@code len} ints into {@code dst}. */
  public void readInts(int[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    while (len > 0) {
      require(Integer.BYTES);
      int n = Math.min(len, buf.remaining() / Integer.BYTES);
      buf.asIntBuffer().get(dst, off, n);
      buf.position(buf.position() + n * Integer.BYTES);
      off += n;
      len -= n;
    }
  }

  /** Reads {@code len} bytes into {@code dst}. */
  public void readBytes(byte[] dst, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, dst.length);
    int fromBuffer = Math.min(len, buf.remaining());
    buf.get(dst, off, fromBuffer);
    off += fromBuffer;
    len -= fromBuffer;
    while (len > 0) {
      int n = in.read(dst, off, len);
      if (n < 0) {
        throw new EOFException("state stream ended " + len + " bytes early");
      }
      consumedBeforeBuffer += n;
      off += n;
      len -= n;
    }
  }

  /** Bytes consumed so far. */
  public long bytesRead() {
    return consumedBeforeBuffer + buf.position();
  }

  private int readLength(String what) throws IOException {
    int len = readInt();
    if (len < -1) {
      throw new IOException("corrupt state: " + what + " length is " + len);
    }
    return len;
  }

  private void require(int n) throws IOException {
    if (buf.remaining() >= n) {
      return;
    }
    consumedBeforeBuffer += buf.position();
    buf.compact();
    while (buf.position() < n) {
      int r = in.read(buf.array(), buf.position(), buf.capacity() - buf.position());
      if (r < 0) {
        throw new EOFException("state stream ended " + (n - buf.position()) + " bytes early");
      }
      buf.position(buf.position() + r);
    }
    buf.flip();
    // the bytes now before position() are none; compacted bytes count from here on
  }
}
