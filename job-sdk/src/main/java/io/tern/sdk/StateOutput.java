package io.tern.sdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Writes the fields of a state to a stream through a bounded buffer. Handed to a
 * {@link Codecs.Encoder} by a codec made with {@link Codecs#of}.
 *
 * <p>Primitive arrays are copied in bulk through a {@link ByteBuffer} view (several GB/s), in slices
 * of at most {@value #BUFFER_SIZE} bytes: an array is never copied whole into another byte array.
 * All values are little-endian. The matching reader is {@link StateInput}; read the fields back in
 * the order they were written.
 */
public final class StateOutput {

  /** Size of the staging buffer; no single write to the underlying stream is larger, except for byte arrays. */
  public static final int BUFFER_SIZE = 256 * 1024;

  private final OutputStream out;
  private final ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  private long flushed;

  StateOutput(OutputStream out) {
    this.out = out;
  }

  /** Writes one byte. */
  public void writeByte(int v) throws IOException {
    ensure(1);
    buf.put((byte) v);
  }

  /** Writes a boolean as one byte. */
  public void writeBoolean(boolean v) throws IOException {
    writeByte(v ? 1 : 0);
  }

  /** Writes an int (4 bytes). */
  public void writeInt(int v) throws IOException {
    ensure(4);
    buf.putInt(v);
  }

  /** Writes a long (8 bytes). */
  public void writeLong(long v) throws IOException {
    ensure(8);
    buf.putLong(v);
  }

  /** Writes a double (8 bytes, exact bits, NaN payloads included). */
  public void writeDouble(double v) throws IOException {
    ensure(8);
    buf.putLong(Double.doubleToRawLongBits(v));
  }

  /** Writes a string (length + UTF-8); {@code null} is allowed. */
  public void writeString(String s) throws IOException {
    if (s == null) {
      writeInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    writeInt(bytes.length);
    writeBytes(bytes, 0, bytes.length);
  }

  /** Writes a length-prefixed double array; {@code null} is allowed. Read it with {@link StateInput#readDoubleArray()}. */
  public void writeDoubleArray(double[] a) throws IOException {
    writeInt(a == null ? -1 : a.length);
    if (a != null) {
      writeDoubles(a, 0, a.length);
    }
  }

  /** Writes a length-prefixed long array; {@code null} is allowed. */
  public void writeLongArray(long[] a) throws IOException {
    writeInt(a == null ? -1 : a.length);
    if (a != null) {
      writeLongs(a, 0, a.length);
    }
  }

  /** Writes a length-prefixed int array; {@code null} is allowed. */
  public void writeIntArray(int[] a) throws IOException {
    writeInt(a == null ? -1 : a.length);
    if (a != null) {
      writeInts(a, 0, a.length);
    }
  }

  /** Writes a length-prefixed byte array; {@code null} is allowed. */
  public void writeByteArray(byte[] a) throws IOException {
    writeInt(a == null ? -1 : a.length);
    if (a != null) {
      writeBytes(a, 0, a.length);
    }
  }

  /** Writes {@code len} doubles without a length prefix (the reader must know the count). */
  public void writeDoubles(double[] a, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, a.length);
    int end = off + len;
    while (off < end) {
      ensure(Double.BYTES);
      int n = Math.min(end - off, buf.remaining() / Double.BYTES);
      buf.asDoubleBuffer().put(a, off, n);
      buf.position(buf.position() + n * Double.BYTES);
      off += n;
    }
  }

  /** Writes {@code len} longs without a length prefix. */
  public void writeLongs(long[] a, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, a.length);
    int end = off + len;
    while (off < end) {
      ensure(Long.BYTES);
      int n = Math.min(end - off, buf.remaining() / Long.BYTES);
      buf.asLongBuffer().put(a, off, n);
      buf.position(buf.position() + n * Long.BYTES);
      off += n;
    }
  }

  /** Writes {@code len} ints without a length prefix. */
  public void writeInts(int[] a, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, a.length);
    int end = off + len;
    while (off < end) {
      ensure(Integer.BYTES);
      int n = Math.min(end - off, buf.remaining() / Integer.BYTES);
      buf.asIntBuffer().put(a, off, n);
      buf.position(buf.position() + n * Integer.BYTES);
      off += n;
    }
  }

  /** Writes {@code len} bytes without a length prefix. */
  public void writeBytes(byte[] a, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, a.length);
    if (len >= BUFFER_SIZE) {
      flushBuffer();
      out.write(a, off, len);
      flushed += len;
      return;
    }
    int end = off + len;
    while (off < end) {
      ensure(1);
      int n = Math.min(end - off, buf.remaining());
      buf.put(a, off, n);
      off += n;
    }
  }

  /** Bytes written so far (buffered or not). */
  public long bytesWritten() {
    return flushed + buf.position();
  }

  /** Hands the buffered bytes to the underlying stream (does not flush or close it). */
  void flushBuffer() throws IOException {
    if (buf.position() > 0) {
      out.write(buf.array(), 0, buf.position());
      flushed += buf.position();
      buf.clear();
    }
  }

  private void ensure(int n) throws IOException {
    if (buf.remaining() < n) {
      flushBuffer();
    }
  }
}
