package io.tern.scheduler.settings;

import io.tern.scheduler.api.InvalidRequestException;

/**
 * Operation settings in force (defaults from {@code tern.operations.*}, changed at run time through
 * {@code PUT /api/v1/settings/operations}).
 *
 * @param maxParallelMigrations jobs drains and the rebalancer checkpoint and move at once (1..100)
 * @param rebalanceEnabled whether the periodic rebalancer moves jobs
 * @param rebalanceThreshold load difference (0..1) between the busiest and idlest worker that triggers moves
 * @param rebalanceCooldownSeconds a moved job is not rebalanced again for this long (0..86400)
 * @param rebalanceMaxMoves the rebalancer's own cap on moves in flight (1..100)
 */
public record OperationSettings(
    int maxParallelMigrations,
    boolean rebalanceEnabled,
    double rebalanceThreshold,
    long rebalanceCooldownSeconds,
    int rebalanceMaxMoves) {

  /** Throws {@link InvalidRequestException} naming the first value out of range. */
  public OperationSettings validated() {
    if (maxParallelMigrations < 1 || maxParallelMigrations > 100) {
      throw new InvalidRequestException("'maxParallelMigrations' must be between 1 and 100, not " + maxParallelMigrations + ".");
    }
    if (!(rebalanceThreshold >= 0 && rebalanceThreshold <= 1)) {
      throw new InvalidRequestException("'rebalanceThreshold' must be between 0 and 1, not " + rebalanceThreshold + ".");
    }
    if (rebalanceCooldownSeconds < 0 || rebalanceCooldownSeconds > 86400) {
      throw new InvalidRequestException(
          "'rebalanceCooldownSeconds' must be between 0 and 86400, not " + rebalanceCooldownSeconds + ".");
    }
    if (rebalanceMaxMoves < 1 || rebalanceMaxMoves > 100) {
      throw new InvalidRequestException("'rebalanceMaxMoves' must be between 1 and 100, not " + rebalanceMaxMoves + ".");
    }
    return this;
  }
}
