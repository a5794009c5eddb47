package io.tern.worker.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LogLineFormatTest {

  private static final Instant AT = Instant.parse("2026-12-06T02:14:38.120Z");

  private static String format(byte[] raw, long cut) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int n = LogLineFormat.append(out, AT, raw, raw.length, cut, 100);
    assertThat(n).isEqualTo(out.size());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aLineIsStampedWithAFixedWidthUtcTime() {
    assertThat(format("step 7".getBytes(StandardCharsets.UTF_8), 0)).isEqualTo("2026-12-06T02:14:38.120Z step 7\n");
    assertThat(LogLineFormat.time(Instant.parse("2026-01-01T00:00:00Z"))).hasSize(LogLineFormat.TIME_LENGTH);
  }

  @Test
  void controlBytesAreEscapedTabsAndUtf8AreKeptAndACarriageReturnBeforeTheNewlineGoes() {
    byte[] raw = "a\tb\u001b[31mred\u0000 é ✓ 𝄞\r".getBytes(StandardCharsets.UTF_8);
    assertThat(format(raw, 0)).isEqualTo("2026-12-06T02:14:38.120Z a\tb\\x1b[31mred\\x00 é ✓ 𝄞\n");
  }

  @Test
  void bytesThatAreNotUtf8AreEscapedOneByOne() {
    byte[] raw = {'x', (byte) 0xff, (byte) 0xc3, 'y', (byte) 0xe2, (byte) 0x9c, (byte) 0xc0, (byte) 0xaf, (byte) 0xed, (byte) 0xa0, (byte) 0x80, 0x7f};
    assertThat(format(raw, 0)).isEqualTo("2026-12-06T02:14:38.120Z x\\xff\\xc3y\\xe2\\x9c\\xc0\\xaf\\xed\\xa0\\x80\\x7f\n");
  }

  @Test
  void aCutLineSaysHowManyBytesWereCutAndNamesTheSetting() {
    assertThat(format("abc".getBytes(StandardCharsets.UTF_8), 1234))
        .isEqualTo("2026-12-06T02:14:38.120Z abc [tern: 1234 more bytes of this line cut, tern.worker.logs.max-line-bytes=100]\n");
  }

  @Test
  void aMarkerIsALineOfTheWorkersOwn() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LogLineFormat.appendMarker(out, AT, "3 lines dropped");
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("2026-12-06T02:14:38.120Z [tern: 3 lines dropped]\n");
  }
}
