package io.tern.scheduler.cluster;

import java.util.List;

/**
 * What one planner proposes for one round, in the order it decided.
 *
 * @param planner who proposed it, for logs
 */
public record Plan(String planner, List<PlanStep> steps) {

  /** An immutable copy. */
  public Plan {
    steps = List.copyOf(steps);
  }
}
