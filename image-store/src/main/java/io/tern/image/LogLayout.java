package io.tern.image;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Object keys of shipped job logs, relative to the storage prefix (see {@code docs/image-format.md}):
 * {@code jobs/<jobId>/logs/<attempt number, 6 digits>/<offset, 16 digits>.log}. A segment holds whole
 * lines of one attempt; its offset is the byte offset of its first byte in that attempt's shipped log,
 * so keys sort in log order, a segment shipped twice lands under the same key with the same bytes,
 * and the next segment's offset is this one's plus its length.
 */
public final class LogLayout {

  private static final Pattern SEGMENT_KEY = Pattern.compile("jobs/(\\d+)/logs/(\\d{6})/(\\d{16})\\.log");

  private LogLayout() {}

  /** One stored segment: its attempt number, its offset in that attempt's log and its length. */
  public record Segment(long jobId, int attempt, long offset, long length) {

    /** The offset just past this segment: the next segment's offset. */
    public long end() {
      return offset + length;
    }
  }

  /** The folder (relative to the prefix) of job {@code jobId}'s log segments. */
  public static String logsFolder(long jobId) {
    if (jobId < 0) {
      throw new IllegalArgumentException("jobId must not be negative");
    }
    return "jobs/" + jobId + "/logs/";
  }

  /** The key of the segment of attempt {@code attempt} of job {@code jobId} that starts at {@code offset}. */
  public static String segmentKey(long jobId, int attempt, long offset) {
    if (attempt < 1 || attempt > 999_999 || offset < 0) {
      throw new IllegalArgumentException("attempt must be 1-999999 and offset not negative");
    }
    return logsFolder(jobId) + String.format("%06d/%016d.log", attempt, offset);
  }

  /** The job, attempt and offset a segment key names (with {@code length}), or empty if it is not one. */
  public static Optional<Segment> parseSegmentKey(String key, long length) {
    Matcher m = SEGMENT_KEY.matcher(key);
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Segment(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)),
          Long.parseLong(m.group(3)), length));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
