package io.tern.scheduler.logs;

import java.util.Optional;

/**
 * A place in a job's log, and the SSE id of the line that ends there: {@code <attempt>.<offset>}. Offset
 * {@code 0} is just after the attempt's begin marker, {@code n} just after the line that ends at byte
 * {@code n} of the attempt's shipped log, and {@code end} after the attempt's end marker. Positions
 * are ordered by attempt, then offset; a reader that resumes after a position repeats nothing before
 * it and skips nothing after it, whichever scheduler replica serves it (positions come from storage).
 */
public record LogPosition(int attempt, long offset) implements Comparable<LogPosition> {

  /** Before everything: nothing read yet. */
  public static final LogPosition START = new LogPosition(0, Long.MAX_VALUE);

  /** After the end marker of {@code attempt}. */
  public static LogPosition endOf(int attempt) {
    return new LogPosition(attempt, Long.MAX_VALUE);
  }

  /** Whether this is after the end marker of its attempt. */
  public boolean isEnd() {
    return offset == Long.MAX_VALUE;
  }

  /** The position as an SSE id: {@code 3.1024}, {@code 3.0} or {@code 3.end}. */
  public String id() {
    return attempt + "." + (isEnd() ? "end" : Long.toString(offset));
  }

  /** Parses an id made by {@link #id()}; empty when it is not one. */
  public static Optional<LogPosition> parse(String id) {
    if (id == null) {
      return Optional.empty();
    }
    String s = id.trim();
    int dot = s.indexOf('.');
    if (dot < 1 || dot == s.length() - 1) {
      return Optional.empty();
    }
    try {
      int attempt = Integer.parseInt(s.substring(0, dot));
      String rest = s.substring(dot + 1);
      long offset = "end".equals(rest) ? Long.MAX_VALUE : Long.parseLong(rest);
      if (attempt < 1 || offset < 0 || (!"end".equals(rest) && !rest.chars().allMatch(Character::isDigit))) {
        return Optional.empty();
      }
      return Optional.of(new LogPosition(attempt, offset));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public int compareTo(LogPosition o) {
    return attempt != o.attempt ? Integer.compare(attempt, o.attempt) : Long.compare(offset, o.offset);
  }

  /** Whether this position is after {@code other}. */
  public boolean isAfter(LogPosition other) {
    return compareTo(other) > 0;
  }
}
