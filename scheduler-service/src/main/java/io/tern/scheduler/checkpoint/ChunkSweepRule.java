package io.tern.scheduler.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * The collector's side of the rule that keeps it from deleting a chunk a commit in flight relies on
 * (ADR 0003): a chunk object is deleted only if no retained manifest (read after the run started)
 * references it and storage last wrote it more than the grace period before the run started. The
 * grace period exceeds the writers' chunk reuse window plus the commit timeout, so any commit that
 * reused the chunk on the strength of its age has either been recorded before the run started (and
 * its manifest is among the retained ones) or can no longer be committed.
 */
public final class ChunkSweepRule {

  private final Instant runStartedAt;
  private final Duration grace;
  private final Set<String> referenced;

  /**
   * @param runStartedAt when the collection run started (before it read the retained manifests)
   * @param grace {@code tern.checkpoints.chunk-grace}
   * @param referenced chunk object keys the retained manifests reference
   */
  public ChunkSweepRule(Instant runStartedAt, Duration grace, Set<String> referenced) {
    this.runStartedAt = runStartedAt;
    this.grace = grace;
    this.referenced = referenced;
  }

  /** Whether the chunk object {@code key}, last written at {@code lastModified}, may be deleted. */
  public boolean mayDelete(String key, Instant lastModified) {
    return !referenced.contains(key) && lastModified.isBefore(runStartedAt.minus(grace));
  }
}
