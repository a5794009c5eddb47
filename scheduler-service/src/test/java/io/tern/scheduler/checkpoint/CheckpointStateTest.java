package io.tern.scheduler.checkpoint;

import static io.tern.scheduler.checkpoint.CheckpointState.CORRUPT;
import static io.tern.scheduler.checkpoint.CheckpointState.DELETED;
import static io.tern.scheduler.checkpoint.CheckpointState.PENDING;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.statemachine.IllegalTransitionException;
import org.junit.jupiter.api.Test;

/**
 * What the checkpoint lifecycle forbids. That every allowed transition is reached is shown by the behaviour
 * tests (support/LifecycleCoverage), not by restating the table here.
 */
class CheckpointStateTest {

  @Test
  void aCorruptCheckpointIsNeverCommittedOrRestorableAgain() {
    assertThatThrownBy(() -> CORRUPT.on(CheckpointTrigger.COMMIT)).isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> CORRUPT.on(CheckpointTrigger.CORRUPTION_FOUND))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aPendingCheckpointCannotBeCorruptOrExpireWhileItsWriteMayBeInFlight() {
    assertThatThrownBy(() -> PENDING.on(CheckpointTrigger.CORRUPTION_FOUND))
        .isInstanceOf(IllegalTransitionException.class);
    assertThatThrownBy(() -> PENDING.on(CheckpointTrigger.RETENTION_EXPIRED))
        .isInstanceOf(IllegalTransitionException.class);
  }

  @Test
  void aDeletedCheckpointStaysDeleted() {
    for (CheckpointTrigger t : CheckpointTrigger.values()) {
      assertThatThrownBy(() -> DELETED.on(t)).isInstanceOf(IllegalTransitionException.class);
    }
  }
}
