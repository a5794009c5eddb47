package io.tern.scheduler.logs;

import io.tern.image.LogLayout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a job's log from what its workers shipped ({@link LogLayout} segments), attempt by attempt in
 * order: the attempt's begin marker, its lines, and its end marker once it has ended. Reads only
 * segments that follow each other from the attempt's start (workers store them in order), so a reader
 * never jumps over lines that are still to come. No state: the position says where to go on.
 */
public final class JobLogReader {

  /** Where the segments are. */
  public interface Segments {
    /** The job's segments, in log order. */
    List<LogLayout.Segment> list(long jobId) throws IOException;

    /** A segment's bytes (empty array when it is gone). */
    byte[] read(LogLayout.Segment segment) throws IOException;
  }

  /**
   * How far a read got.
   *
   * @param position the position of the last line delivered (or the one read from when none was)
   * @param complete whether the log is over: the job is final, every attempt has ended and every line was read
   */
  public record Progress(LogPosition position, boolean complete) {}

  private final Segments segments;

  public JobLogReader(Segments segments) {
    this.segments = segments;
  }

  /**
   * Delivers every line after {@code after} to {@code out}, in order.
   *
   * @param attempts the job's attempts by number
   * @param jobFinal whether the job is in a final state
   * @param only deliver only this attempt's lines (null: all)
   */
  public Progress read(long jobId, List<AttemptInfo> attempts, boolean jobFinal, LogPosition after, Integer only,
      Consumer<LogLine> out) throws IOException {
    List<LogLayout.Segment> all = segments.list(jobId);
    LogPosition pos = after;
    for (AttemptInfo a : attempts) {
      if ((only != null && a.number() != only) || !LogPosition.endOf(a.number()).isAfter(pos)) {
        continue;
      }
      List<LogLayout.Segment> own = all.stream().filter(s -> s.attempt() == a.number()).toList();
      if (a.pending() && own.isEmpty()) {
        return new Progress(pos, false); // placed, nothing to show yet
      }
      if (pos.compareTo(new LogPosition(a.number(), 0)) < 0) {
        pos = new LogPosition(a.number(), 0);
        out.accept(new LogLine(pos, AttemptMarkers.begin(a), true));
      }
      long expected = 0;
      for (LogLayout.Segment s : own) {
        if (s.end() <= pos.offset()) {
          expected = s.end();
          continue;
        }
        if (s.offset() > expected && !a.ended()) {
          break; // the segment before it is still to come
        }
        pos = lines(s, segments.read(s), pos, out);
        expected = s.end();
      }
      if (!a.ended()) {
        return new Progress(pos, false);
      }
      pos = LogPosition.endOf(a.number());
      out.accept(new LogLine(pos, AttemptMarkers.end(a), true));
    }
    boolean allEnded = attempts.stream().allMatch(AttemptInfo::ended);
    return new Progress(pos, jobFinal && allEnded);
  }

  /** Delivers the lines of one segment that end after {@code pos}; returns the position of the last. */
  private static LogPosition lines(LogLayout.Segment s, byte[] data, LogPosition pos, Consumer<LogLine> out) {
    int start = 0;
    for (int i = 0; i < data.length; i++) {
      if (data[i] != '\n') {
        continue;
      }
      long end = s.offset() + i + 1;
      if (end > pos.offset()) {
        pos = new LogPosition(s.attempt(), end);
        out.accept(new LogLine(pos, new String(data, start, i - start, StandardCharsets.UTF_8), false));
      }
      start = i + 1;
    }
    return pos;
  }
}
