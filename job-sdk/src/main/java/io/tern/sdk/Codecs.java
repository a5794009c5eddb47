package io.tern.sdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Built-in {@link StateCodec}s: fast primitive arrays, and records or objects composed from a
 * writer/reader pair. No Java serialization.
 *
 * <p>Every stream these codecs write starts with a header (magic {@code TRNC}, format version,
 * codec id, codec version) and ends with a trailer, so reading with the wrong codec, a newer
 * version, a truncated stream or a reader that does not read back what the writer wrote fails with
 * a clear {@link IOException} instead of producing garbage.
 *
 * <p>Example, a state with a counter, a seed and a big array:
 *
 * <pre>{@code
 * final class State { long step; long seed; double[] values; }
 *
 * StateCodec<State> codec = Codecs.of("my-job-state", 1,
 *     (s, out) -> { out.writeLong(s.step); out.writeLong(s.seed); out.writeDoubleArray(s.values); },
 *     in -> { State s = new State(); s.step = in.readLong(); s.seed = in.readLong();
 *             s.values = in.readDoubleArray(); return s; });
 * }</pre>
 */
public final class Codecs {

  private Codecs() {}

  /** Writes the fields of a state; see {@link StateOutput}. */
  @FunctionalInterface
  public interface Encoder<S> {
    void write(S state, StateOutput out) throws IOException;
  }

  /**
   * Reads a state back; see {@link StateInput}. {@link StateInput#version()} tells which version of
   * the format the stream holds, so a newer decoder can still read older images.
   */
  @FunctionalInterface
  public interface Decoder<S> {
    S read(StateInput in) throws IOException;
  }

  /**
   * A codec built from an encoder/decoder pair.
   *
   * @param id a stable name of the format, recorded in every image (e.g. {@code "pagerank-state"})
   * @param version the version of the format written; decoding a stream written with a higher
   *     version fails, lower versions are passed to the decoder through {@link StateInput#version()}
   */
  public static <S> StateCodec<S> of(String id, int version, Encoder<S> encoder, Decoder<S> decoder) {
    return new FramedCodec<>(id, version, encoder, decoder);
  }

  /** A {@code double[]} codec (bulk copy, several GB/s). */
  public static StateCodec<double[]> doubleArray() {
    return of("tern.double-array", 1, (a, out) -> out.writeDoubleArray(a), StateInput::readDoubleArray);
  }

  /** A {@code long[]} codec. */
  public static StateCodec<long[]> longArray() {
    return of("tern.long-array", 1, (a, out) -> out.writeLongArray(a), StateInput::readLongArray);
  }

  /** An {@code int[]} codec. */
  public static StateCodec<int[]> intArray() {
    return of("tern.int-array", 1, (a, out) -> out.writeIntArray(a), StateInput::readIntArray);
  }

  /** A {@code byte[]} codec. */
  public static StateCodec<byte[]> byteArray() {
    return of("tern.byte-array", 1, (a, out) -> out.writeByteArray(a), StateInput::readByteArray);
  }

  /** The codec behind {@link #of}: header, the user's fields, trailer. */
  private static final class FramedCodec<S> implements StateCodec<S> {

    private static final int MAGIC = 0x434e5254; // "TRNC" little-endian
    private static final int TRAILER = 0x454e5254; // "TRNE" little-endian
    private static final int FORMAT_VERSION = 1;

    private final String id;
    private final int version;
    private final Encoder<S> encoder;
    private final Decoder<S> decoder;

    FramedCodec(String id, int version, Encoder<S> encoder, Decoder<S> decoder) {
      if (Objects.requireNonNull(id, "id").isBlank()) {
        throw new IllegalArgumentException("codec id must not be blank");
      }
      if (version < 1) {
        throw new IllegalArgumentException("codec version must be >= 1, got " + version);
      }
      this.id = id;
      this.version = version;
      this.encoder = Objects.requireNonNull(encoder, "encoder");
      this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    @Override
    public void encode(S state, OutputStream out) throws IOException {
      StateOutput so = new StateOutput(out);
      so.writeInt(MAGIC);
      so.writeByte(FORMAT_VERSION);
      so.writeString(id);
      so.writeInt(version);
      encoder.write(state, so);
      so.writeInt(TRAILER);
      so.flushBuffer();
    }

    @Override
    public S decode(InputStream in) throws IOException {
      StateInput si = new StateInput(in);
      int magic = si.readInt();
      if (magic != MAGIC) {
        throw new IOException("not a stream of a Tern codec (bad magic 0x" + Integer.toHexString(magic)
            + "); expected codec '" + id + "'");
      }
      int format = si.readByte();
      if (format != FORMAT_VERSION) {
        throw new IOException("unsupported Tern codec stream format " + format + " (this SDK reads " + FORMAT_VERSION + ")");
      }
      String writtenId = si.readString();
      if (!id.equals(writtenId)) {
        throw new IOException("state was written by codec '" + writtenId + "' but is read by codec '" + id + "'");
      }
      int writtenVersion = si.readInt();
      if (writtenVersion < 1 || writtenVersion > version) {
        throw new IOException("state was written with version " + writtenVersion + " of codec '" + id
            + "'; this decoder reads versions 1.." + version);
      }
      si.version(writtenVersion);
      S state = decoder.read(si);
      int trailer;
      try {
        trailer = si.readInt();
      } catch (java.io.EOFException e) {
        throw new IOException("state stream ended before its trailer: it is truncated, or codec '" + id
            + "' reads more than its encoder writes", e);
      }
      if (trailer != TRAILER) {
        throw new IOException("codec '" + id + "' read less data than its encoder wrote (no trailer after "
            + si.bytesRead() + " bytes)");
      }
      return state;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public String toString() {
      return "Codec[" + id + " v" + version + "]";
    }
  }
}
