package io.tern.scheduler.checkpoint;

import static io.tern.scheduler.checkpoint.CheckpointState.ABORTED;
import static io.tern.scheduler.checkpoint.CheckpointState.COMMITTED;
import static io.tern.scheduler.checkpoint.CheckpointState.CORRUPT;
import static io.tern.scheduler.checkpoint.CheckpointState.DELETED;
import static io.tern.scheduler.checkpoint.CheckpointState.PENDING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.scheduler.statemachine.IllegalTransitionException;
import io.tern.scheduler.statemachine.TransitionTable.Transition;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Every checkpoint transition is exercised; the last check fails if a table entry was never visited. */
class CheckpointStateTest {

  private static final Set<Transition<CheckpointState, CheckpointTrigger>> visited = new HashSet<>();

  private static void expect(CheckpointState from, CheckpointTrigger trigger, CheckpointState to) {
    assertThat(from.on(trigger)).isEqualTo(to);
    visited.add(new Transition<>(from, trigger, to));
  }

  @Test
  void aPendingCheckpointIsCommittedOrAborted() {
    expect(PENDING, CheckpointTrigger.COMMIT, COMMITTED);
    expect(PENDING, CheckpointTrigger.ABORT, ABORTED);
  }

  @Test
  void aCommittedCheckpointFoundDamagedBecomesCorrupt() {
    expect(COMMITTED, CheckpointTrigger.CORRUPTION_FOUND, CORRUPT);
  }

  @Test
  void retentionDeletesCommittedCorruptAndAbortedCheckpoints() {
    expect(COMMITTED, CheckpointTrigger.RETENTION_EXPIRED, DELETED);
    expect(CORRUPT, CheckpointTrigger.RETENTION_EXPIRED, DELETED);
    expect(ABORTED, CheckpointTrigger.RETENTION_EXPIRED, DELETED);
  }

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

  @AfterAll
  static void everyTransitionWasVisited() {
    assertThat(visited).containsExactlyInAnyOrderElementsOf(CheckpointState.LIFECYCLE.transitions());
  }
}
