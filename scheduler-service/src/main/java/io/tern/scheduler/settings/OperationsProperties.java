package io.tern.scheduler.settings;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code tern.operations.*}: defaults of the operation settings (an operator may change them at run
 * time with {@code PUT /api/v1/settings/operations}), and timing that needs a restart.
 *
 * @param maxParallelMigrations jobs being checkpointed and moved at once by drains and rebalancing
 * @param rebalanceEnabled whether the rebalancer moves jobs
 * @param rebalanceInterval how often the rebalancer looks (a clustered Quartz job)
 * @param rebalanceThreshold load difference (busy slots / slots, 0..1) between the busiest and the
 *     idlest eligible worker above which jobs are moved
 * @param rebalanceCooldown a job moved by anything is not moved by the rebalancer again for this long
 * @param rebalanceMaxMoves the rebalancer starts a move only while fewer than this many are in flight
 * @param vacateDeadline how long a worker has to checkpoint and stop an attempt it was asked to move
 *     (hold, migrate, drain, rebalance); after that the scheduler stops the attempt without a new
 *     checkpoint and the job continues from its latest committed one
 */
@ConfigurationProperties("tern.operations")
public record OperationsProperties(
    @DefaultValue("2") int maxParallelMigrations,
    @DefaultValue("false") boolean rebalanceEnabled,
    @DefaultValue("30s") Duration rebalanceInterval,
    @DefaultValue("0.5") double rebalanceThreshold,
    @DefaultValue("5m") Duration rebalanceCooldown,
    @DefaultValue("2") int rebalanceMaxMoves,
    @DefaultValue("10m") Duration vacateDeadline) {

  /** Checks the vacate deadline. */
  public OperationsProperties {
    if (vacateDeadline.isNegative() || vacateDeadline.isZero()) {
      throw new IllegalArgumentException("tern.operations.vacate-deadline must be a positive duration, not " + vacateDeadline);
    }
  }

  /** The run-time settings these properties start with. */
  public OperationSettings defaults() {
    return new OperationSettings(
        maxParallelMigrations, rebalanceEnabled, rebalanceThreshold, rebalanceCooldown.toSeconds(), rebalanceMaxMoves);
  }
}
