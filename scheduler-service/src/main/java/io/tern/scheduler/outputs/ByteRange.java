package io.tern.scheduler.outputs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One range of bytes of a file, {@code first} to {@code last} inclusive, as a {@code Range: bytes=…}
 * header asks for it (RFC 9110 §14.1.2): {@code a-b}, {@code a-} or the suffix {@code -n}. A header
 * that is not one such range (another unit, several ranges, no number) is ignored and the whole
 * file is sent, as RFC 9110 allows; a range that starts past the end, or an empty suffix, cannot be
 * satisfied (416).
 */
public record ByteRange(long first, long last) {

  private static final Pattern SINGLE = Pattern.compile("bytes=([0-9]{0,18})-([0-9]{0,18})");

  /** The bytes the range holds. */
  public long length() {
    return last - first + 1;
  }

  /** The range's {@code Content-Range} value for a file of {@code size} bytes. */
  public String contentRange(long size) {
    return "bytes " + first + "-" + last + "/" + size;
  }

  /**
   * The range {@code header} asks for in a file of {@code size} bytes; empty for the whole file (no
   * header, or one that is ignored).
   *
   * @throws RangeNotSatisfiableException when the range lies outside the file
   */
  public static Optional<ByteRange> parse(String header, long size) {
    if (header == null) {
      return Optional.empty();
    }
    Matcher m = SINGLE.matcher(header.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String from = m.group(1);
    String to = m.group(2);
    if (from.isEmpty() && to.isEmpty()) {
      return Optional.empty();
    }
    if (from.isEmpty()) {
      long suffix = Long.parseLong(to);
      if (suffix == 0 || size == 0) {
        throw new RangeNotSatisfiableException(size);
      }
      return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
    }
    long first = Long.parseLong(from);
    if (!to.isEmpty() && Long.parseLong(to) < first) {
      return Optional.empty(); // not a valid range: ignored
    }
    if (first >= size) {
      throw new RangeNotSatisfiableException(size);
    }
    long last = to.isEmpty() ? size - 1 : Math.min(Long.parseLong(to), size - 1);
    return Optional.of(new ByteRange(first, last));
  }
}
