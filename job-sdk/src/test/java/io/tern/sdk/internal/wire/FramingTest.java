package io.tern.sdk.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.Channels;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FramingTest {

  private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
  private final FrameWriter writer = new FrameWriter(Channels.newChannel(wire));

  @Test
  void framesArriveInOrderWithTheirPayloads() throws IOException {
    writer.write(FrameType.SNAPSHOT_REQUEST);
    writer.write(FrameType.LOG, Messages.text("hello ✓"));
    writer.write(FrameType.PROGRESS, new Messages.Progress(12, 0.5).encode());

    FrameReader reader = reader();
    assertThat(reader.require()).isEqualTo(FrameType.SNAPSHOT_REQUEST);
    assertThat(reader.length()).isZero();
    assertThat(reader.require()).isEqualTo(FrameType.LOG);
    assertThat(reader.payloadText()).isEqualTo("hello ✓");
    assertThat(reader.require()).isEqualTo(FrameType.PROGRESS);
    assertThat(Messages.Progress.decode(reader.payload())).isEqualTo(new Messages.Progress(12, 0.5));
    assertThat(reader.next()).isFalse();
  }

  @Test
  void bigDataIsCutIntoBoundedFramesAndReadBackAsOneStream() throws IOException {
    byte[] data = new byte[3 * FrameType.MAX_PAYLOAD + 12345];
    new Random(5).nextBytes(data);
    DataFrameOutputStream out = new DataFrameOutputStream(writer);
    out.write(data, 0, 100);
    out.write(data[100]);
    out.write(data, 101, data.length - 101);
    out.flush();
    writer.write(FrameType.END);
    writer.write(FrameType.STOP);

    FrameReader reader = reader();
    DataFrameInputStream in = new DataFrameInputStream(reader);
    byte[] back = in.readAllBytes();

    assertThat(out.bytesWritten()).isEqualTo(data.length);
    assertThat(Arrays.equals(back, data)).isTrue();
    assertThat(in.ended()).isTrue();
    assertThat(in.bytesRead()).isEqualTo(data.length);
    assertThat(reader.require()).as("the frame after END is left for the next reader").isEqualTo(FrameType.STOP);
    assertThat(countFrames(FrameType.DATA)).isEqualTo(4);
  }

  @Test
  void anAbortedDataStreamFailsWithTheSendersReason() throws IOException {
    DataFrameOutputStream out = new DataFrameOutputStream(writer);
    out.write(new byte[10]);
    out.flush();
    writer.write(FrameType.ABORT, Messages.text("chunk 7 is corrupt"));

    DataFrameInputStream in = new DataFrameInputStream(reader());

    assertThatThrownBy(in::readAllBytes).isInstanceOf(DataFrameInputStream.AbortedException.class)
        .hasMessageContaining("chunk 7 is corrupt");
  }

  @Test
  void anUnexpectedFrameInsideDataIsAProtocolError() throws IOException {
    writer.write(FrameType.RESULT, Messages.text("{}"));

    assertThatThrownBy(() -> new DataFrameInputStream(reader()).read()).isInstanceOf(ProtocolException.class)
        .hasMessageContaining("RESULT");
  }

  @Test
  void aStreamCutInsideAFrameIsAClosedChannel() throws IOException {
    writer.write(FrameType.LOG, Messages.text("0123456789"));
    byte[] cut = Arrays.copyOf(wire.toByteArray(), 8);

    FrameReader reader = new FrameReader(Channels.newChannel(new ByteArrayInputStream(cut)));

    assertThatThrownBy(reader::next).isInstanceOf(ChannelClosedException.class).isInstanceOf(EOFException.class);
  }

  @Test
  void oversizedOrUnknownFramesAreRejected() {
    assertThatThrownBy(() -> writer.write(FrameType.DATA, new byte[FrameType.MAX_PAYLOAD + 1]))
        .isInstanceOf(IllegalArgumentException.class);
    byte[] tooLong = {5, 0x7f, 0, 0, 0};
    byte[] unknownType = {99, 0, 0, 0, 0};

    assertThatThrownBy(() -> new FrameReader(Channels.newChannel(new ByteArrayInputStream(tooLong))).next())
        .isInstanceOf(ProtocolException.class).hasMessageContaining("payload bytes");
    assertThatThrownBy(() -> new FrameReader(Channels.newChannel(new ByteArrayInputStream(unknownType))).next())
        .isInstanceOf(ProtocolException.class).hasMessageContaining("unknown frame type 99");
  }

  @Test
  void controlMessagesRoundTrip() throws IOException {
    Messages.Start start = new Messages.Start(1, "job-7", 3, "com.example.Job", Map.of("a", "1", "ü", "\"x\""), true);
    Messages.Failure failure = new Messages.Failure("java.lang.IllegalStateException", null, "trace");

    assertThat(Messages.Start.decode(java.nio.ByteBuffer.wrap(start.encode()))).isEqualTo(start);
    assertThat(Messages.Ready.decode(java.nio.ByteBuffer.wrap(new Messages.Ready(5, 6, 7).encode())))
        .isEqualTo(new Messages.Ready(5, 6, 7));
    assertThat(Messages.SnapshotEnd.decode(java.nio.ByteBuffer.wrap(new Messages.SnapshotEnd(1, 2, 3, "c").encode())))
        .isEqualTo(new Messages.SnapshotEnd(1, 2, 3, "c"));
    assertThat(Messages.SnapshotEnd.decode(java.nio.ByteBuffer.wrap(new Messages.SnapshotEnd(1, 20, 3, "c", 9).encode())))
        .isEqualTo(new Messages.SnapshotEnd(1, 20, 3, "c", 9));
    // a runtime without output files sent no outputBytes: read as 0
    byte[] withOutputs = new Messages.SnapshotEnd(1, 2, 3, "c", 9).encode();
    assertThat(Messages.SnapshotEnd.decode(java.nio.ByteBuffer.wrap(java.util.Arrays.copyOf(withOutputs, withOutputs.length - 8))))
        .isEqualTo(new Messages.SnapshotEnd(1, 2, 3, "c", 0));
    assertThat(Messages.Failure.decode(java.nio.ByteBuffer.wrap(failure.encode()))).isEqualTo(failure);
    assertThat(failure.summary()).isEqualTo("java.lang.IllegalStateException");
    assertThatThrownBy(() -> Messages.Ready.decode(java.nio.ByteBuffer.wrap(new byte[3])))
        .isInstanceOf(ProtocolException.class);
  }

  private FrameReader reader() {
    return new FrameReader(Channels.newChannel(new ByteArrayInputStream(wire.toByteArray())));
  }

  private int countFrames(FrameType type) throws IOException {
    FrameReader reader = reader();
    int n = 0;
    while (reader.next()) {
      n += reader.type() == type ? 1 : 0;
    }
    return n;
  }
}
