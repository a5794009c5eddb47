package io.tern.scheduler.checkpoint;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.checkpoints.*}: retention and collection of checkpoint images (docs/checkpoints.md).
 *
 * @param retain COMMITTED checkpoints kept per job unless the job says otherwise (1..100)
 * @param completedJobRetention how long a finished job keeps its latest checkpoint; then it loses all
 *     but pinned ones
 * @param commitTimeout a PENDING checkpoint older than this is never committed; the collector aborts it
 * @param chunkGrace an unreferenced chunk is deleted only once it is older than this; must exceed the
 *     workers' chunk reuse window (10 min) plus {@code commitTimeout} plus the clock skew between
 *     scheduler and storage (ADR 0003)
 * @param collectionInterval how often the collector runs (a clustered Quartz job)
 */
@ConfigurationProperties("tern.checkpoints")
public record CheckpointProperties(
    @DefaultValue("3") int retain,
    @DefaultValue("7d") Duration completedJobRetention,
    @DefaultValue("15m") Duration commitTimeout,
    @DefaultValue("1h") Duration chunkGrace,
    @DefaultValue("5m") Duration collectionInterval) {

  /** Checks the values. */
  public CheckpointProperties {
    if (retain < 1 || retain > 100) {
      throw new IllegalArgumentException("tern.checkpoints.retain must be between 1 and 100, was " + retain);
    }
    requirePositive(completedJobRetention, "completed-job-retention");
    requirePositive(commitTimeout, "commit-timeout");
    requirePositive(chunkGrace, "chunk-grace");
    requirePositive(collectionInterval, "collection-interval");
    if (chunkGrace.compareTo(commitTimeout) <= 0) {
      throw new IllegalArgumentException(
          "tern.checkpoints.chunk-grace (" + chunkGrace + ") must exceed tern.checkpoints.commit-timeout ("
              + commitTimeout + ") plus the workers' chunk reuse window");
    }
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("tern.checkpoints." + name + " must be a positive duration");
    }
  }
}
