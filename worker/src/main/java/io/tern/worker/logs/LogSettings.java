package io.tern.worker.logs;

import java.time.Duration;

/**
 * How the worker ships job logs ({@code tern.worker.logs.*}).
 *
 * @param shipInterval how often a running attempt's new lines are shipped (besides every checkpoint
 *     and the attempt's end): a worker killed with SIGKILL loses at most this much of its log
 * @param maxBytesPerJob how many bytes of shipped log one job may have over all its attempts; past
 *     it lines are dropped and the attempt's last segment says how many
 * @param maxLineBytes lines longer than this keep their first bytes and a marker saying how many were cut
 * @param segmentBytes a segment is closed at about this size (a ship of more makes several)
 */
public record LogSettings(Duration shipInterval, long maxBytesPerJob, int maxLineBytes, int segmentBytes) {

  /** Defaults: 5 s, 64 MiB per job, 16 KiB per line, 4 MiB segments. */
  public static final LogSettings DEFAULTS = new LogSettings(Duration.ofSeconds(5), 64L << 20, 16 << 10, 4 << 20);

  /** Checks the values, naming the setting that is wrong. */
  public LogSettings {
    if (shipInterval == null || shipInterval.compareTo(Duration.ofMillis(100)) < 0) {
      throw new IllegalArgumentException("tern.worker.logs.ship-interval must be at least 100ms, got " + shipInterval);
    }
    if (maxBytesPerJob < 0) {
      throw new IllegalArgumentException("tern.worker.logs.max-bytes-per-job must not be negative, got " + maxBytesPerJob);
    }
    if (maxLineBytes < 80) {
      throw new IllegalArgumentException("tern.worker.logs.max-line-bytes must be at least 80, got " + maxLineBytes);
    }
    if (segmentBytes < 4 * maxLineBytes + 256) {
      throw new IllegalArgumentException("a log segment of " + segmentBytes + " bytes cannot hold a line of tern.worker.logs.max-line-bytes="
          + maxLineBytes);
    }
  }
}
