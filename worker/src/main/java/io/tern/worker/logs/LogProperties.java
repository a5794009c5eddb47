package io.tern.worker.logs;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code tern.worker.logs.*}: how job logs are shipped (docs/worker.md, "Job logs"); see {@link LogSettings}.
 *
 * @param shipInterval how often a running attempt's new lines are shipped (default 5s)
 * @param maxBytesPerJob the cap of a job's shipped log over all its attempts (default 64MB)
 * @param maxLineBytes longer lines are cut (default 16KB)
 */
@ConfigurationProperties("tern.worker.logs")
public record LogProperties(
    @DefaultValue("5s") Duration shipInterval,
    @DefaultValue("64MB") DataSize maxBytesPerJob,
    @DefaultValue("16KB") DataSize maxLineBytes) {

  /** The settings these properties give (checked there, naming the property). */
  public LogSettings toSettings() {
    long line = maxLineBytes.toBytes();
    if (line > 1 << 20) {
      throw new IllegalArgumentException("tern.worker.logs.max-line-bytes must be at most 1MB, got " + maxLineBytes);
    }
    return new LogSettings(shipInterval, maxBytesPerJob.toBytes(), (int) line,
        Math.max(LogSettings.DEFAULTS.segmentBytes(), 4 * (int) line + 256));
  }
}
