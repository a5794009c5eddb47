package io.tern.scheduler.drain;

/** How a drain moves the jobs off its worker. Mirrored by the {@code drains_mode_check} constraint. */
public enum DrainMode {
  /** Checkpoint each job now, then stop it and place it elsewhere from that image (at most K at once). */
  GRACEFUL,
  /** Stop every job at once and place it elsewhere from its latest existing image (no new checkpoint). */
  IMMEDIATE
}
