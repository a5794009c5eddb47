package io.tern.scheduler.checkpoint;

import io.tern.protocol.Assignment;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The checkpoints an attempt may restore from, best first: the job's COMMITTED checkpoints up to the
 * one chosen at placement, newest first. CORRUPT, ABORTED and DELETED ones are never offered.
 */
@Component
public class RestoreCandidates {

  /** At most this many candidates are sent (retention keeps at most 100 plus pinned ones). */
  static final int MAX_CANDIDATES = 100;

  private final CheckpointRepository checkpoints;

  public RestoreCandidates(CheckpointRepository checkpoints) {
    this.checkpoints = checkpoints;
  }

  /** Candidates for an attempt of {@code jobId} placed to restore from {@code restoreFromSeq} (null: none). */
  public List<Assignment.RestorePoint> of(long jobId, Long restoreFromSeq) {
    if (restoreFromSeq == null) {
      return List.of();
    }
    return checkpoints.findByJobIdAndStateOrderBySeqDesc(jobId, CheckpointState.COMMITTED).stream()
        .filter(c -> c.getSeq() <= restoreFromSeq)
        .limit(MAX_CANDIDATES)
        .map(c -> new Assignment.RestorePoint(c.getSeq(), c.getManifestKey()))
        .toList();
  }
}
