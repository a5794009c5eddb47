package io.tern.scheduler.protocol;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether the failure detector may declare silent workers LOST yet. A worker's silence only means
 * something if the scheduler side was able to hear it: after a scheduler restart, a failover, or a
 * database outage (the detector did not run for a while), every worker gets a whole timeout to
 * heartbeat again before anyone is declared LOST — as Nomad resets its heartbeat timers after a
 * leader election. Plain Java; the state ({@code lastCheckAt}, {@code watchingSince}) is kept by the
 * caller between checks.
 *
 * @param lastCheckAt when the detector last ran, null if never (since this state was created)
 * @param watchingSince since when the detector has run without a gap
 */
record DetectorWatch(Instant lastCheckAt, Instant watchingSince) {

  /** No check has run yet. */
  static final DetectorWatch NEW = new DetectorWatch(null, null);

  /**
   * The watch after a check at {@code now}: a gap longer than {@code maxGap} since the last check
   * (or no last check) starts a new watch at {@code now}.
   */
  DetectorWatch checkedAt(Instant now, Duration maxGap) {
    boolean continuous = lastCheckAt != null && watchingSince != null
        && !now.isBefore(lastCheckAt) && Duration.between(lastCheckAt, now).compareTo(maxGap) <= 0;
    return new DetectorWatch(now, continuous ? watchingSince : now);
  }

  /** True once the detector has watched without a gap for at least {@code workerTimeout}. */
  boolean mayDeclareLost(Duration workerTimeout) {
    return lastCheckAt != null && Duration.between(watchingSince, lastCheckAt).compareTo(workerTimeout) >= 0;
  }

  /** When workers stop being protected by the grace period. */
  Instant graceEndsAt(Duration workerTimeout) {
    return watchingSince.plus(workerTimeout);
  }
}
