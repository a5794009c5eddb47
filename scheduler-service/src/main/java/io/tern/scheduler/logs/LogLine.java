package io.tern.scheduler.logs;

/**
 * One line of a job's log as served: {@code text} starts with its 24-character UTC time
 * ({@code 2026-12-06T02:14:38.123Z}) and has no newline; {@code marker} for the scheduler's attempt
 * markers.
 */
public record LogLine(LogPosition position, String text, boolean marker) {

  /** Length of the time that starts every line. */
  public static final int TIME_LENGTH = 24;

  /** The line's time, as it starts the line (fixed width, so times compare as strings). */
  public String time() {
    return text.length() >= TIME_LENGTH ? text.substring(0, TIME_LENGTH) : text;
  }
}
