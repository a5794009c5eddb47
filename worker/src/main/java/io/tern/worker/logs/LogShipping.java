package io.tern.worker.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the attempts of a worker share to ship their logs: where to, the limits and the clock. */
public final class LogShipping {

  private static final Logger log = LoggerFactory.getLogger(LogShipping.class);

  private final LogSegmentSink sink;
  private final LogSettings settings;
  private final Clock clock;

  public LogShipping(LogSegmentSink sink, LogSettings settings, Clock clock) {
    this.sink = sink;
    this.settings = settings;
    this.clock = clock;
  }

  /** The settings. */
  public LogSettings settings() {
    return settings;
  }

  /**
   * A shipper for attempt {@code attempt} of job {@code jobId} reading {@code file}. The job's earlier
   * attempts' stored bytes count against its cap; when storage cannot say how many there are, they
   * count as none.
   */
  public LogShipper shipper(long jobId, int attempt, Path file) {
    long stored = 0;
    try {
      stored = sink.storedBytes(jobId);
    } catch (IOException | RuntimeException e) {
      log.warn("job {}: cannot list its stored log to apply its cap, counting it as empty: {}", jobId, e.toString());
    }
    return new LogShipper(jobId, attempt, file, stored, sink, settings, clock);
  }
}
