package io.tern.worker.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.testsupport.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {

  @TempDir
  Path dir;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-12-06T02:00:00Z"));
  private final MemoryLogSink sink = new MemoryLogSink();

  private LogShipper shipper(LogSettings settings) {
    return new LogShipper(9, 2, dir.resolve("output.log"), sink.storedBytes(9), sink, settings, clock);
  }

  private void write(String text) throws IOException {
    Files.writeString(dir.resolve("output.log"), text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private List<String> texts() {
    return sink.segments().stream().filter(s -> s.attempt() == 2).flatMap(s -> s.text().lines())
        .map(l -> l.substring(LogLineFormat.TIME_LENGTH + 1)).toList();
  }

  @Test
  void eachShipStoresTheNewCompleteLinesAsOneSegmentNumberedByItsOffset() throws IOException {
    LogShipper shipper = shipper(LogSettings.DEFAULTS);
    assertThat(shipper.ship(false)).as("no file yet: nothing to ship").isTrue();
    assertThat(sink.puts()).isZero();

    write("one\ntwo\nthr");
    shipper.ship(false);
    clock.advance(Duration.ofSeconds(5));
    write("ee\nfour\n");
    shipper.ship(false);
    shipper.ship(false);

    List<MemoryLogSink.Stored> segments = sink.segments();
    assertThat(segments).extracting(MemoryLogSink.Stored::offset).containsExactly(0L, 58L);
    assertThat(segments.get(0).text()).isEqualTo("2026-12-06T02:00:00.000Z one\n2026-12-06T02:00:00.000Z two\n");
    assertThat(segments.get(1).text()).isEqualTo("2026-12-06T02:00:05.000Z three\n2026-12-06T02:00:05.000Z four\n");
    assertThat(sink.puts()).as("a ship with no new line stores nothing").isEqualTo(2);
    assertThat(shipper.shippedBytes()).isEqualTo(58 + 61);
  }

  @Test
  void theLastShipStoresAnUnterminatedLastLineAndNothingAfterIt() throws IOException {
    LogShipper shipper = shipper(LogSettings.DEFAULTS);
    write("done\nno newline");
    shipper.ship(true);
    write("\nlater\n");
    shipper.ship(true);
    shipper.ship(false);
    assertThat(texts()).containsExactly("done", "no newline");
  }

  @Test
  void aRefusedSegmentIsStoredAgainUnderTheSameOffsetWithTheSameLinesNeverTwiceNorWithAGap() throws IOException {
    LogShipper shipper = shipper(LogSettings.DEFAULTS);
    write("a\nb\n");
    sink.failNext(1);
    assertThatThrownBy(() -> shipper.ship(false)).isInstanceOf(IOException.class);
    assertThat(sink.segments()).isEmpty();
    write("c\n");
    sink.failNext(0);
    clock.advance(Duration.ofSeconds(5));
    shipper.ship(false);
    assertThat(sink.segments()).extracting(MemoryLogSink.Stored::offset).containsExactly(0L, 54L);
    assertThat(sink.segments().get(0).text()).as("the retried segment keeps its first time").startsWith("2026-12-06T02:00:00.000Z a\n");
    assertThat(texts()).containsExactly("a", "b", "c");
  }

  @Test
  void aFailedLastShipIsCompletedByTheNextTry() throws IOException {
    LogShipper shipper = shipper(LogSettings.DEFAULTS);
    write("a\nlast");
    sink.failNext(1);
    assertThatThrownBy(() -> shipper.ship(true)).isInstanceOf(IOException.class);
    write("\nwritten after the end\n");
    shipper.ship(true);
    assertThat(texts()).containsExactly("a", "last");
  }

  @Test
  void aLargeShipIsSplitIntoSegmentsOfWholeLinesThatFollowEachOther() throws IOException {
    LogSettings small = new LogSettings(Duration.ofSeconds(5), 1 << 30, 100, 4 * 100 + 256);
    LogShipper shipper = shipper(small);
    StringBuilder text = new StringBuilder();
    IntStream.range(0, 200).forEach(i -> text.append("line ").append(i).append('\n'));
    write(text.toString());
    shipper.ship(false);
    List<MemoryLogSink.Stored> segments = sink.segments();
    assertThat(segments).hasSizeGreaterThan(5);
    long expected = 0;
    for (MemoryLogSink.Stored s : segments) {
      assertThat(s.offset()).isEqualTo(expected);
      assertThat(s.text()).endsWith("\n");
      expected += s.text().getBytes(StandardCharsets.UTF_8).length;
    }
    assertThat(texts()).isEqualTo(IntStream.range(0, 200).mapToObj(i -> "line " + i).toList());
  }

  @Test
  void aLongLineIsCutAtTheLimitWithAMarker() throws IOException {
    LogShipper shipper = shipper(new LogSettings(Duration.ofSeconds(5), 1 << 30, 100, 4 * 100 + 256));
    write("x".repeat(250) + "\nshort\n");
    shipper.ship(false);
    assertThat(texts()).containsExactly(
        "x".repeat(100) + " [tern: 150 more bytes of this line cut, tern.worker.logs.max-line-bytes=100]", "short");
  }

  @Test
  void pastTheJobsCapLinesAreDroppedAndTheLastShipSaysHowMany() throws IOException {
    // each line is 24 + 1 + 6 + 1 = 32 bytes; the earlier attempt already stored 64 of the job's 200
    sink.put(9, 1, 0, "x".repeat(64).getBytes(StandardCharsets.US_ASCII));
    LogShipper shipper = shipper(new LogSettings(Duration.ofSeconds(5), 200, 100, 4 * 100 + 256));
    StringBuilder text = new StringBuilder();
    IntStream.range(0, 10).forEach(i -> text.append("line-").append(i).append('\n'));
    write(text.toString());
    shipper.ship(false);
    assertThat(shipper.droppedLines()).isEqualTo(6);
    write("line-z\n");
    shipper.ship(true);
    assertThat(texts()).containsExactly("line-0", "line-1", "line-2", "line-3",
        "[tern: 7 lines (224 bytes) dropped: the job's log reached tern.worker.logs.max-bytes-per-job=200]");
  }
}
