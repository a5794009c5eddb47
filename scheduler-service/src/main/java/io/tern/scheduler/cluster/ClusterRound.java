package io.tern.scheduler.cluster;

import io.tern.scheduler.tx.RetryingTransaction;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * One scheduling round in one transaction under the one advisory lock every writer of plans takes:
 * lock, read the {@link ClusterSnapshot}, let the {@link PlanApplier} plan and apply. Of several
 * scheduler replicas only one runs a round at a time, and each reads the snapshot after the previous
 * round committed, so no job is placed twice and no limit is counted twice.
 */
@Service
public class ClusterRound {

  /** Advisory lock key of a scheduling round ("TERNPLAN"). */
  static final long LOCK_KEY = 0x5445524E504C414EL;

  private final EntityManager entityManager;
  private final ClusterSnapshotReader reader;
  private final JpaClusterWrites writes;
  private final RetryingTransaction tx;
  private final PlanApplier applier = new PlanApplier();

  public ClusterRound(EntityManager entityManager, ClusterSnapshotReader reader, JpaClusterWrites writes,
      RetryingTransaction tx) {
    this.entityManager = entityManager;
    this.reader = reader;
    this.writes = writes;
    this.tx = tx;
  }

  /**
   * Runs a round unless another one holds the lock (then the next round plans from what it wrote).
   *
   * @return what the round wrote, empty when the lock was busy
   */
  public RoundOutcome runIfFree() {
    return tx.run("Scheduling round", () -> tryLock() ? plan(false) : nothing());
  }

  /** Runs a round that also rebalances, waiting for the lock while another round holds it. */
  public RoundOutcome runWithRebalance() {
    return tx.run("Scheduling round", () -> {
      entityManager.createNativeQuery("select pg_advisory_xact_lock(?1)").setParameter(1, LOCK_KEY).getSingleResult();
      return plan(true);
    });
  }

  private RoundOutcome plan(boolean rebalance) {
    return applier.apply(reader.read(rebalance), rebalance, writes);
  }

  private static RoundOutcome nothing() {
    return new RoundOutcome(0, 0, 0, 0, List.of());
  }

  private boolean tryLock() {
    Object locked = entityManager.createNativeQuery("select pg_try_advisory_xact_lock(?1)")
        .setParameter(1, LOCK_KEY).getSingleResult();
    return Boolean.TRUE.equals(locked);
  }
}
