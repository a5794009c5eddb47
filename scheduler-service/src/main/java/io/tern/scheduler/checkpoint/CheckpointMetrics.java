package io.tern.scheduler.checkpoint;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tern.protocol.CheckpointCommit;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * Checkpoint metrics in Micrometer (scraped at {@code /actuator/prometheus}): per commit the snapshot
 * pause, the commit time, logical/stored/uploaded bytes and chunks new/reused; per restore the
 * recovery time and bytes fetched; counters of corrupt checkpoints and of what the collector deleted.
 * Names are listed in docs/checkpoints.md.
 */
@Component
public class CheckpointMetrics {

  private final Timer snapshot;
  private final Timer commit;
  private final DistributionSummary logicalBytes;
  private final DistributionSummary storedBytes;
  private final DistributionSummary uploadedBytes;
  private final Counter chunksNew;
  private final Counter chunksReused;
  private final Timer recovery;
  private final Timer restore;
  private final DistributionSummary restoredBytes;
  private final Counter corrupt;
  private final Counter manifestsDeleted;
  private final Counter chunksDeleted;
  private final Counter chunkBytesDeleted;
  private final Counter commitsRefused;

  public CheckpointMetrics(MeterRegistry registry) {
    snapshot = Timer.builder("tern.checkpoint.snapshot").description("Time the job was paused for a snapshot")
        .register(registry);
    commit = Timer.builder("tern.checkpoint.commit")
        .description("From the end of the snapshot until the image was durable").register(registry);
    logicalBytes = bytes(registry, "tern.checkpoint.logical", "Bytes of job state per committed checkpoint");
    storedBytes = bytes(registry, "tern.checkpoint.stored", "Bytes the image's chunks occupy in storage");
    uploadedBytes = bytes(registry, "tern.checkpoint.uploaded", "Bytes a checkpoint actually uploaded");
    chunksNew = Counter.builder("tern.checkpoint.chunks").tag("kind", "new")
        .description("Chunks of committed checkpoints, uploaded or reused").register(registry);
    chunksReused = Counter.builder("tern.checkpoint.chunks").tag("kind", "reused")
        .description("Chunks of committed checkpoints, uploaded or reused").register(registry);
    recovery = Timer.builder("tern.restore.recovery")
        .description("From the placement decision until the restored job runs again").register(registry);
    restore = Timer.builder("tern.restore.fetch")
        .description("Time the worker spent fetching, verifying and decoding an image").register(registry);
    restoredBytes = bytes(registry, "tern.restore.fetched", "Bytes of state restored per restore");
    corrupt = Counter.builder("tern.checkpoint.corrupt").description("Checkpoints found corrupt on restore")
        .register(registry);
    manifestsDeleted = Counter.builder("tern.gc.manifests.deleted")
        .description("Manifests deleted by the collector").register(registry);
    chunksDeleted = Counter.builder("tern.gc.chunks.deleted").description("Chunks deleted by the collector")
        .register(registry);
    chunkBytesDeleted = Counter.builder("tern.gc.chunks.deleted.bytes").baseUnit("bytes")
        .description("Bytes of chunks deleted by the collector").register(registry);
    commitsRefused = Counter.builder("tern.checkpoint.commits.refused")
        .description("Commits refused: too late, or overlapping a chunk collection").register(registry);
  }

  private static DistributionSummary bytes(MeterRegistry registry, String name, String description) {
    return DistributionSummary.builder(name).baseUnit("bytes").description(description).register(registry);
  }

  /** A checkpoint was committed with these metrics. */
  public void committed(CheckpointCommit m) {
    snapshot.record(Duration.ofMillis(m.snapshotMillis()));
    commit.record(Duration.ofMillis(m.commitMillis()));
    logicalBytes.record(m.logicalBytes());
    storedBytes.record(m.storedBytes());
    uploadedBytes.record(m.uploadedBytes());
    chunksNew.increment(Math.max(0, m.chunks() - m.chunksReused()));
    chunksReused.increment(m.chunksReused());
  }

  /** An attempt restored a checkpoint. */
  public void restored(long recoveryMillis, long restoreMillis, long bytes) {
    recovery.record(Duration.ofMillis(recoveryMillis));
    restore.record(Duration.ofMillis(restoreMillis));
    restoredBytes.record(bytes);
  }

  /** A checkpoint was marked CORRUPT. */
  public void corrupt() {
    corrupt.increment();
  }

  /** A commit was refused (deadline, or a collection overlapped a write that refreshed chunks). */
  public void commitRefused() {
    commitsRefused.increment();
  }

  /** The collector deleted manifests and chunks. */
  public void collected(int manifests, int chunks, long chunkBytes) {
    manifestsDeleted.increment(manifests);
    chunksDeleted.increment(chunks);
    chunkBytesDeleted.increment(chunkBytes);
  }
}
