package io.tern.scheduler.checkpoint;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which checkpoints of one job are out of retention (plain Java, no framework). Kept:
 *
 * <ul>
 *   <li>every PENDING checkpoint (a write may be in flight);
 *   <li>while the job is not finished: its newest {@code retain} COMMITTED checkpoints — so always the
 *       latest, which the job's writer uses as its previous image — plus pinned ones;
 *   <li>after it finished: its newest COMMITTED checkpoint until {@code completedJobRetention} has
 *       passed since it finished, plus pinned ones (forever, until unpinned).
 * </ul>
 *
 * Everything else — older COMMITTED, ABORTED and CORRUPT checkpoints — expires: its manifest is
 * deleted and it becomes DELETED.
 */
public final class RetentionPolicy {

  /** One checkpoint as retention sees it. */
  public record Checkpoint(long seq, CheckpointState state, boolean pinned) {}

  /** A job as retention sees it; {@code finishedAt} null while it is not finished. */
  public record Job(int retain, Instant finishedAt) {}

  private final Duration completedJobRetention;

  /** @param completedJobRetention how long a finished job keeps its latest checkpoint */
  public RetentionPolicy(Duration completedJobRetention) {
    this.completedJobRetention = completedJobRetention;
  }

  /** Sequence numbers of the job's checkpoints that expire at {@code now} (DELETED ones are ignored). */
  public Set<Long> expired(Job job, List<Checkpoint> checkpoints, Instant now) {
    int keepLatest;
    if (job.finishedAt() == null) {
      keepLatest = job.retain();
    } else {
      keepLatest = now.isBefore(job.finishedAt().plus(completedJobRetention)) ? 1 : 0;
    }
    List<Checkpoint> committedNewestFirst = checkpoints.stream()
        .filter(c -> c.state() == CheckpointState.COMMITTED)
        .sorted(Comparator.comparingLong(Checkpoint::seq).reversed())
        .toList();
    Set<Long> expired = new HashSet<>();
    for (int i = keepLatest; i < committedNewestFirst.size(); i++) {
      Checkpoint c = committedNewestFirst.get(i);
      if (!c.pinned()) {
        expired.add(c.seq());
      }
    }
    for (Checkpoint c : checkpoints) {
      if (c.state() == CheckpointState.ABORTED || c.state() == CheckpointState.CORRUPT) {
        expired.add(c.seq());
      }
    }
    return expired;
  }
}
