package io.tern.scheduler.placement;

import java.util.List;

/**
 * Why a queued job is (not) placed, in the spirit of {@code condor_q -better-analyze}: a one-line
 * summary and, for every known worker, whether it matches the job's requirements and what stops it.
 *
 * @param summary one line for a person; null when the job would be placed in the next round
 * @param workers one verdict per known worker
 */
public record PlacementExplanation(String summary, List<WorkerVerdict> workers) {

  /**
   * One worker's verdict.
   *
   * @param matches whether it is eligible and meets the job's labels and target (capacity aside)
   * @param fits whether it could take the job right now
   * @param reasons what stops it, empty when it fits
   */
  public record WorkerVerdict(long workerId, String worker, boolean matches, boolean fits, List<String> reasons) {}
}
