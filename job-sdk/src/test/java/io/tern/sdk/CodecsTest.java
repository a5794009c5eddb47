package io.tern.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CodecsTest {

  @Test
  void doubleArraysRoundTripBitForBitAcrossManyBuffers() throws IOException {
    SplittableRandom random = new SplittableRandom(1);
    double[] values = new double[300_001]; // > 8 staging buffers, odd length
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble() * 1e6 - 5e5;
    }
    values[7] = Double.NaN;
    values[8] = -0.0;
    values[9] = Double.longBitsToDouble(0x7ff8_dead_beef_0001L); // NaN with payload

    double[] back = roundTrip(Codecs.doubleArray(), values);

    assertThat(back).hasSize(values.length);
    for (int i = 0; i < values.length; i++) {
      assertThat(Double.doubleToRawLongBits(back[i])).as("index %d", i).isEqualTo(Double.doubleToRawLongBits(values[i]));
    }
  }

  @Test
  void longIntAndByteArraysRoundTrip() throws IOException {
    long[] longs = new SplittableRandom(2).longs(100_003).toArray();
    int[] ints = new SplittableRandom(3).ints(200_003).toArray();
    byte[] bytes = new byte[1_000_003];
    new java.util.Random(4).nextBytes(bytes);

    assertThat(roundTrip(Codecs.longArray(), longs)).isEqualTo(longs);
    assertThat(roundTrip(Codecs.intArray(), ints)).isEqualTo(ints);
    assertThat(roundTrip(Codecs.byteArray(), bytes)).isEqualTo(bytes);
  }

  @Test
  void emptyAndNullArraysRoundTrip() throws IOException {
    assertThat(roundTrip(Codecs.doubleArray(), new double[0])).isEmpty();
    assertThat(roundTrip(Codecs.doubleArray(), null)).isNull();
  }

  @Test
  void recordCodecRoundTripsEveryFieldKind() throws IOException {
    record State(boolean flag, byte b, int i, long l, double d, String s, String none, double[] ds, long[] ls,
        int[] is, byte[] bs) {}
    StateCodec<State> codec = Codecs.of("all-fields", 1,
        (s, out) -> {
          out.writeBoolean(s.flag());
          out.writeByte(s.b());
          out.writeInt(s.i());
          out.writeLong(s.l());
          out.writeDouble(s.d());
          out.writeString(s.s());
          out.writeString(s.none());
          out.writeDoubleArray(s.ds());
          out.writeLongArray(s.ls());
          out.writeIntArray(s.is());
          out.writeByteArray(s.bs());
        },
        in -> new State(in.readBoolean(), in.readByte(), in.readInt(), in.readLong(), in.readDouble(), in.readString(),
            in.readString(), in.readDoubleArray(), in.readLongArray(), in.readIntArray(), in.readByteArray()));
    State s = new State(true, (byte) -3, -42, Long.MIN_VALUE, Math.PI, "grüße \u2603 \uD83D\uDE00", null,
        new double[] {1, 2}, new long[] {3}, new int[] {4, 5, 6}, new byte[] {7});

    State back = roundTrip(codec, s);

    assertThat(back.flag()).isTrue();
    assertThat(back.b()).isEqualTo((byte) -3);
    assertThat(back.i()).isEqualTo(-42);
    assertThat(back.l()).isEqualTo(Long.MIN_VALUE);
    assertThat(back.d()).isEqualTo(Math.PI);
    assertThat(back.s()).isEqualTo(s.s());
    assertThat(back.none()).isNull();
    assertThat(back.ds()).containsExactly(1, 2);
    assertThat(back.ls()).containsExactly(3);
    assertThat(back.is()).containsExactly(4, 5, 6);
    assertThat(back.bs()).containsExactly(7);
  }

  @Test
  void bigArraysAreStreamedInBoundedWrites() throws IOException {
    WriteSizeRecorder out = new WriteSizeRecorder();

    Codecs.doubleArray().encode(new double[1_000_000], out);

    assertThat(out.total).isGreaterThan(8_000_000);
    assertThat(out.largestWrite).isLessThanOrEqualTo(StateOutput.BUFFER_SIZE);
  }

  @Test
  void readingWithTheWrongCodecFailsWithBothNames() throws IOException {
    byte[] bytes = encode(Codecs.longArray(), new long[] {1, 2, 3});

    assertThatThrownBy(() -> Codecs.doubleArray().decode(new ByteArrayInputStream(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("tern.long-array")
        .hasMessageContaining("tern.double-array");
  }

  @Test
  void readingSomethingThatIsNoCodecStreamFails() {
    byte[] garbage = "{\"hello\":\"world\"}".getBytes();

    assertThatThrownBy(() -> Codecs.doubleArray().decode(new ByteArrayInputStream(garbage)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("bad magic");
  }

  @Test
  void aNewerVersionIsRefusedAndAnOlderOneIsPassedToTheDecoder() throws IOException {
    StateCodec<Long> v1 = Codecs.of("counter", 1, (s, out) -> out.writeLong(s), StateInput::readLong);
    StateCodec<Long> v2 = Codecs.of("counter", 2, (s, out) -> {
      out.writeLong(s);
      out.writeLong(s * 2);
    }, in -> in.version() == 1 ? in.readLong() : in.readLong() + in.readLong() * 0);
    byte[] written1 = encode(v1, 21L);
    byte[] written2 = encode(v2, 21L);

    assertThat(v2.decode(new ByteArrayInputStream(written1))).isEqualTo(21L);
    assertThatThrownBy(() -> v1.decode(new ByteArrayInputStream(written2)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("version 2");
  }

  @Test
  void aTruncatedStreamFailsWithEof() throws IOException {
    byte[] bytes = encode(Codecs.doubleArray(), new double[1000]);
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 100);

    assertThatThrownBy(() -> Codecs.doubleArray().decode(new ByteArrayInputStream(cut)))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void aDecoderThatReadsLessThanWasWrittenIsCaught() throws IOException {
    StateCodec<long[]> asymmetric = Codecs.of("pair", 1, (s, out) -> {
      out.writeLong(s[0]);
      out.writeLong(s[1]);
    }, in -> new long[] {in.readLong(), 0});
    byte[] bytes = encode(asymmetric, new long[] {1, 2});

    assertThatThrownBy(() -> asymmetric.decode(new ByteArrayInputStream(bytes)))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("read less data than its encoder wrote");
  }

  @Test
  void theCodecIdIsTheGivenName() {
    assertThat(Codecs.of("pagerank-state", 3, (s, o) -> {}, in -> null).id()).isEqualTo("pagerank-state");
  }

  private static <T> T roundTrip(StateCodec<T> codec, T value) throws IOException {
    return codec.decode(new TrickleInputStream(encode(codec, value)));
  }

  private static <T> byte[] encode(StateCodec<T> codec, T value) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    codec.encode(value, out);
    return out.toByteArray();
  }

  /** Returns data in small, odd-sized pieces, as a socket may. */
  private static final class TrickleInputStream extends ByteArrayInputStream {
    TrickleInputStream(byte[] buf) {
      super(buf);
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) {
      return super.read(b, off, Math.min(len, 1013));
    }
  }

  private static final class WriteSizeRecorder extends OutputStream {
    long total;
    int largestWrite;

    @Override
    public void write(int b) {
      total++;
      largestWrite = Math.max(largestWrite, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      total += len;
      largestWrite = Math.max(largestWrite, len);
    }
  }
}
