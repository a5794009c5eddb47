package io.tern.scheduler.cluster;

/**
 * The only way plans reach the cluster's state: the {@link PlanApplier} calls these for the steps it
 * accepted, in the round's transaction. Production writes through JPA ({@link JpaClusterWrites});
 * the tests' in-memory cluster implements it over plain collections.
 */
public interface ClusterWrites {

  /** Creates the job's next attempt on the worker and records {@code PLACED}. */
  void place(PlanStep.Place step);

  /**
   * Asks the attempt's worker to checkpoint it and stop it, and records the step's event. An attempt
   * the worker has not started (PENDING) has nothing to checkpoint: it is stopped at once.
   */
  void vacate(PlanStep.Vacate step);

  /** Ends a drained attempt at once and requeues its job from its latest image. */
  void stop(PlanStep.Stop step);

  /** Ends an attempt whose vacate deadline passed and records {@code STOPPED_AT_DEADLINE}. */
  void stopOverdue(PlanStep.StopOverdue step);

  /** Records on the worker that a drain's deadline passed. */
  void deadlinePassed(PlanStep.DeadlinePassed step);

  /** Ends a drain as complete and records it on the worker. */
  void completeDrain(PlanStep.CompleteDrain step);
}
