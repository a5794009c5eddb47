package io.tern.scheduler.logs;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The scheduler's lines in a job's log: where each attempt begins and how it ended. Pure. */
public final class AttemptMarkers {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private AttemptMarkers() {}

  /** A time as lines start with it. */
  public static String time(Instant at) {
    return TIME.format(at);
  }

  /**
   * {@code <time> === attempt 2 on worker w-1: restored from checkpoint 5 (step 120) ===}, or
   * {@code ... on a worker: fresh start ===}; stamped with the attempt's start (or placement).
   */
  public static String begin(AttemptInfo a) {
    StringBuilder s = new StringBuilder();
    s.append(time(a.startedAt() != null ? a.startedAt() : a.placedAt())).append(" === attempt ").append(a.number())
        .append(a.worker() == null ? " on a worker" : " on worker " + a.worker()).append(": ");
    if (a.restoredFromSeq() == null) {
      s.append("fresh start");
    } else {
      s.append(a.startedAt() != null ? "restored from checkpoint " : "restoring from checkpoint ").append(a.restoredFromSeq());
      if (a.restoredFromJob() != null) {
        s.append(" of job ").append(a.restoredFromJob());
      }
      if (a.restoredStep() != null) {
        s.append(" (step ").append(a.restoredStep()).append(')');
      }
    }
    return s.append(" ===").toString();
  }

  /** {@code <time> === attempt 1 ended LOST: <reason> ===}, stamped with the attempt's end. */
  public static String end(AttemptInfo a) {
    String reason = a.endReason() == null || a.endReason().isBlank() ? "" : ": " + oneLine(a.endReason());
    return time(a.endedAt()) + " === attempt " + a.number() + " ended " + a.state() + reason + " ===";
  }

  private static String oneLine(String text) {
    String flat = text.replaceAll("[\\r\\n\\t]+", " ").replaceAll("\\p{Cntrl}", "?");
    return flat.length() > 500 ? flat.substring(0, 500) + "…" : flat;
  }
}
