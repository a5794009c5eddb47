package io.tern.worker.logs;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How a shipped log line looks: {@code <time> <text>\n}, the time in UTC with milliseconds
 * ({@code 2026-12-06T02:14:38.123Z}, always 24 characters), the text valid UTF-8 with control bytes
 * (except tab) and bytes that are not UTF-8 written as {@code \xNN}. A line longer than the limit keeps
 * its first bytes and ends with a marker saying how many were cut. Pure; no I/O.
 */
public final class LogLineFormat {

  /** Length of the time prefix, without the space after it. */
  public static final int TIME_LENGTH = 24;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private LogLineFormat() {}

  /** The time prefix of a line stamped {@code at}. */
  public static String time(Instant at) {
    return TIME.format(at);
  }

  /**
   * Appends one formatted line to {@code out}.
   *
   * @param raw the line's bytes as the job wrote them, without the newline (a trailing {@code \r} is dropped)
   * @param length how many bytes of {@code raw} to use
   * @param cutBytes how many more bytes the line had beyond {@code length} (0 when none were cut)
   * @param maxLineBytes the limit, named in the cut marker
   * @return the number of bytes appended
   */
  public static int append(ByteArrayOutputStream out, Instant at, byte[] raw, int length, long cutBytes, int maxLineBytes) {
    int before = out.size();
    out.writeBytes(time(at).getBytes(StandardCharsets.US_ASCII));
    out.write(' ');
    int end = length;
    if (cutBytes == 0 && end > 0 && raw[end - 1] == '\r') {
      end--;
    }
    escape(raw, end, out);
    if (cutBytes > 0) {
      out.writeBytes((" [tern: " + cutBytes + " more bytes of this line cut, tern.worker.logs.max-line-bytes="
          + maxLineBytes + "]").getBytes(StandardCharsets.US_ASCII));
    }
    out.write('\n');
    return out.size() - before;
  }

  /** Appends a line of the worker's own ({@code [tern: <text>]}), stamped {@code at}. */
  public static int appendMarker(ByteArrayOutputStream out, Instant at, String text) {
    byte[] line = ("[tern: " + text + "]").getBytes(StandardCharsets.UTF_8);
    return append(out, at, line, line.length, 0, Integer.MAX_VALUE);
  }

  /** Writes {@code raw[0, end)} as UTF-8 text, escaping control bytes and invalid UTF-8 as {@code \xNN}. */
  static void escape(byte[] raw, int end, ByteArrayOutputStream out) {
    int i = 0;
    while (i < end) {
      int b = raw[i] & 0xff;
      if (b < 0x80) {
        if ((b < 0x20 && b != '\t') || b == 0x7f) {
          hex(b, out);
        } else {
          out.write(b);
        }
        i++;
        continue;
      }
      int n = validSequence(raw, i, end);
      if (n == 0) {
        hex(b, out);
        i++;
      } else {
        out.write(raw, i, n);
        i += n;
      }
    }
  }

  /** The length of the valid UTF-8 sequence of 2-4 bytes at {@code i}, or 0 if there is none. */
  private static int validSequence(byte[] raw, int i, int end) {
    int b = raw[i] & 0xff;
    int n;
    int lo = 0x80;
    int hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) {
      n = 2;
    } else if (b >= 0xe0 && b <= 0xef) {
      n = 3;
      if (b == 0xe0) {
        lo = 0xa0; // no overlong forms
      } else if (b == 0xed) {
        hi = 0x9f; // no surrogates
      }
    } else if (b >= 0xf0 && b <= 0xf4) {
      n = 4;
      if (b == 0xf0) {
        lo = 0x90;
      } else if (b == 0xf4) {
        hi = 0x8f; // nothing above U+10FFFF
      }
    } else {
      return 0;
    }
    if (i + n > end) {
      return 0;
    }
    for (int k = 1; k < n; k++) {
      int c = raw[i + k] & 0xff;
      if (k == 1 ? c < lo || c > hi : c < 0x80 || c > 0xbf) {
        return 0;
      }
    }
    return n;
  }

  private static void hex(int b, ByteArrayOutputStream out) {
    out.write('\\');
    out.write('x');
    out.write(HEX[b >> 4]);
    out.write(HEX[b & 0xf]);
  }
}
