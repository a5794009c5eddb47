package io.tern.scheduler.cluster;

import java.util.List;

/**
 * What one round wrote.
 *
 * @param placed jobs placed
 * @param vacated attempts asked to checkpoint and move (drains and rebalancing)
 * @param stopped drained attempts stopped at once
 * @param drainsCompleted drains that ended
 * @param rejected steps the applier refused because they would break a limit, each with why
 */
public record RoundOutcome(int placed, int vacated, int stopped, int drainsCompleted, List<String> rejected) {

  /** An immutable copy. */
  public RoundOutcome {
    rejected = List.copyOf(rejected);
  }

  /** Whether the round wrote anything. */
  public boolean changed() {
    return placed + vacated + stopped + drainsCompleted > 0;
  }
}
